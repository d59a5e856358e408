package org.stepindex.indexer.layout;

import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.intervention.Intervention;
import org.stepindex.indexer.order.SequenceSource;

/**
 * The sequences a training run feeds its model, as it feeds them: sequence {@code i} of the data in
 * training order, belonging to step {@link StepLayout#stepOf}{@code (i)}, changed by the run's
 * {@link Intervention} (if any) from the intervention's start step on.
 *
 * <p>This is the one place that rule is applied: the index builder indexes what {@link #read}
 * returns and the trainer trains on what {@link #readStep} returns, so what an index counted and
 * what a model trained on cannot drift apart. The intervention changes a whole sequence before
 * anything is cut from it, and keeps its length.
 *
 * <p>Thread-safe: the dataset's reads are, and an intervention must be (see {@link Intervention}).
 */
public final class StepReader {
  private final SequenceSource data;
  private final StepLayout layout;

  /** Applied from its start step on; null for the data as it is. */
  private final Intervention intervention;

  /**
   * Reads {@code data} in the order of {@code layout}.
   *
   * @param data the training data, left open by this reader
   * @param layout the run's step layout: sequences per step, and tokens kept of each by {@link
   *     #readStep}
   * @param intervention the change applied from its start step on, or null for none
   */
  public StepReader(SequenceSource data, StepLayout layout, Intervention intervention) {
    this.data = data;
    this.layout = layout;
    this.intervention = intervention;
  }

  /** The step layout this reader reads by. */
  public StepLayout layout() {
    return layout;
  }

  /** The intervention applied from its start step on, or null. */
  public Intervention intervention() {
    return intervention;
  }

  /** The number of sequences in the data. */
  public long sequenceCount() {
    return data.sequenceCount();
  }

  /**
   * The number of tokens of sequence {@code sequence}, the same before and after the intervention.
   *
   * @throws StepIndexException if {@code sequence} is not in {@code [0, sequenceCount())}
   */
  public int size(long sequence) {
    return data.size(sequence);
  }

  /** The tokens of the sequences {@code [first, end)}, from the data's index (no token is read). */
  public long tokens(long first, long end) {
    long tokens = 0;
    for (long s = first; s < end; s++) {
      tokens += data.size(s);
    }
    return tokens;
  }

  /**
   * Copies sequence {@code sequence} into {@code ids[0, size)} as the model was trained on it (the
   * intervention applied) and returns its size.
   *
   * @throws IllegalArgumentException if {@code ids} is shorter than the sequence
   */
  public int read(long sequence, int[] ids) {
    int length = readStored(sequence, ids);
    intervene(sequence, ids, length);
    return length;
  }

  /**
   * Copies sequence {@code sequence} into {@code ids[0, size)} as the data stores it, without the
   * intervention, and returns its size: for what checks the data on disk (checksums, vocabulary).
   * {@link #intervene} then makes it what {@link #read} returns.
   *
   * @throws IllegalArgumentException if {@code ids} is shorter than the sequence
   */
  public int readStored(long sequence, int[] ids) {
    return data.read(sequence, ids);
  }

  /**
   * Applies the intervention to sequence {@code sequence}, read by {@link #readStored} into {@code
   * ids[0, length)}, if its step is at or after the intervention's start; otherwise, or without an
   * intervention, leaves it as it is.
   */
  public void intervene(long sequence, int[] ids, int length) {
    if (intervention != null) {
      long step = layout.stepOf(sequence);
      if (step >= intervention.startStep()) {
        intervention.apply(step, ids, length);
      }
    }
  }

  /**
   * Checks that the data holds every sequence of the whole steps {@code [first, end)}, each at
   * least the layout's sequence length long (from the data's index, so nothing is read).
   *
   * @param first the first step
   * @param end one past the last step
   * @throws StepIndexException naming the missing or short sequence
   */
  public void checkSteps(long first, long end) {
    long needed = layout.firstSequence(end);
    if (needed > data.sequenceCount()) {
      throw new StepIndexException(
          "steps up to "
              + end
              + " need "
              + needed
              + " sequences of "
              + layout.batchSize()
              + " per step, but "
              + data.describe()
              + " holds "
              + data.sequenceCount()
              + " (at most "
              + data.sequenceCount() / layout.batchSize()
              + " steps)");
    }
    for (long seq = layout.firstSequence(first); seq < needed; seq++) {
      if (data.size(seq) < layout.seqLength()) {
        throw tooShort(seq, data.size(seq));
      }
    }
  }

  /**
   * The tokens of step {@code step} as the model was trained on them, row-major {@code [B, L]}:
   * each of the step's {@code B} sequences read as {@link #read} reads it, and its first {@code L}
   * tokens kept ({@code B} and {@code L} the layout's).
   *
   * @param step a step
   * @return a new array of {@code B · L} token ids
   * @throws StepIndexException if a sequence of the step has fewer than {@code L} tokens
   */
  public int[] readStep(long step) {
    int batchSize = layout.batchSize();
    int seqLength = layout.seqLength();
    int[] tokens = new int[batchSize * seqLength];
    int[] buffer = new int[Math.max(seqLength, data.maxSize())];
    long first = layout.firstSequence(step);
    for (int row = 0; row < batchSize; row++) {
      int size = read(first + row, buffer);
      if (size < seqLength) {
        throw tooShort(first + row, size);
      }
      System.arraycopy(buffer, 0, tokens, row * seqLength, seqLength);
    }
    return tokens;
  }

  private StepIndexException tooShort(long sequence, int size) {
    return new StepIndexException(
        "sequence "
            + sequence
            + " has "
            + size
            + " tokens, fewer than --seq-length "
            + layout.seqLength());
  }
}
