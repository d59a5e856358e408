package org.stepindex.trainer;

import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.intervention.Intervention;

/**
 * The token ids each training step sees: step {@code s} reads sequences {@code [s·B, (s+1)·B)} of the dataset in
 * order, passes each whole sequence through the intervention (if any, from its start step on), and keeps its first
 * {@code L} tokens.
 */
public final class StepData {

  private final MegatronDataset dataset;
  private final int batchSize;
  private final int seqLength;
  private final Intervention intervention;
  private final int[] buffer;

  /**
   * Reads steps of a dataset.
   *
   * @param dataset the training data, left open by this reader
   * @param batchSize sequences per step
   * @param seqLength tokens kept of each sequence
   * @param intervention the change applied from its start step on, or null
   */
  public StepData(MegatronDataset dataset, int batchSize, int seqLength, Intervention intervention) {
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.seqLength = seqLength;
    this.intervention = intervention;
    this.buffer = new int[Math.max(seqLength, dataset.maxSize())];
  }

  /**
   * Checks that the data holds every sequence of steps {@code [first, end)}, each at least {@code L} tokens long where
   * it is cheap to check (the sizes are in the index).
   *
   * @param first the first step to train
   * @param end one past the last step
   * @throws StepIndexException naming the missing or short sequence
   */
  public void checkSteps(long first, long end) {
    long needed = end * batchSize;
    if (needed > dataset.sequenceCount()) {
      throw new StepIndexException("steps up to " + end + " need " + needed + " sequences of " + batchSize
          + " per step, but " + dataset.idxPath() + " holds " + dataset.sequenceCount() + " (at most "
          + dataset.sequenceCount() / batchSize + " steps)");
    }
    for (long seq = first * batchSize; seq < needed; seq++) {
      if (dataset.size(seq) < seqLength) {
        throw new StepIndexException("sequence " + seq + " has " + dataset.size(seq) + " tokens, fewer than --seq-length "
            + seqLength);
      }
    }
  }

  /**
   * Returns a step's tokens, row-major {@code [B, L]}.
   *
   * @param step a step
   * @return a new array of {@code B · L} token ids
   */
  public int[] read(long step) {
    int[] tokens = new int[batchSize * seqLength];
    long first = step * batchSize;
    for (int row = 0; row < batchSize; row++) {
      int size = dataset.read(first + row, buffer);
      if (size < seqLength) {
        throw new StepIndexException("sequence " + (first + row) + " has " + size + " tokens, fewer than --seq-length "
            + seqLength);
      }
      if (intervention != null && step >= intervention.startStep()) {
        intervention.apply(step, buffer, size);
      }
      System.arraycopy(buffer, 0, tokens, row * seqLength, seqLength);
    }
    return tokens;
  }

  /**
   * Returns the sequences per step.
   *
   * @return {@code B}
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Returns the tokens kept per sequence.
   *
   * @return {@code L}
   */
  public int seqLength() {
    return seqLength;
  }
}
