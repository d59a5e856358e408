package org.stepindex.indexer.layout;

import org.stepindex.indexer.base.StepIndexException;

/**
 * How a training run consumes its pre-shuffled sequences: step {@code s} (0-based) trains on the
 * {@code batchSize} sequences {@code [s·batchSize, (s+1)·batchSize)}, in data order.
 *
 * <p>A count "at step {@code S}" covers sequences {@code [0, S·batchSize)}: exactly what checkpoint
 * {@code stepS} has seen, since that checkpoint is saved after {@code S} optimizer steps. Step and
 * sequence numbers are longs and never negative.
 *
 * @param batchSize sequences per training step, positive (Pythia: 1024)
 * @param seqLength tokens per sequence, positive (Pythia: 2049, that is 2048 inputs plus the
 *     shifted target)
 */
public record StepLayout(int batchSize, int seqLength) {

  /**
   * Validates the layout.
   *
   * @throws StepIndexException if either value is not positive
   */
  public StepLayout {
    if (batchSize <= 0) {
      throw new StepIndexException(
          "batch size "
              + batchSize
              + " is not valid; give a positive number of sequences per training step");
    }
    if (seqLength <= 0) {
      throw new StepIndexException(
          "sequence length "
              + seqLength
              + " is not valid; give a positive number of tokens per sequence");
    }
  }

  /**
   * The layout of every Pythia model: 1024 sequences of 2049 tokens per step.
   *
   * @return {@code new StepLayout(1024, 2049)}
   */
  public static StepLayout pythia() {
    return new StepLayout(1024, 2049);
  }

  /**
   * The first sequence that step {@code step} trains on; equally, the number of sequences that
   * checkpoint {@code step<step>} has seen.
   *
   * @param step a step, {@code >= 0}
   * @return {@code step · batchSize}
   * @throws StepIndexException if {@code step} is negative or so large that the product overflows a
   *     long
   */
  public long firstSequence(long step) {
    requireNonNegative(step, "step");
    try {
      return Math.multiplyExact(step, (long) batchSize);
    } catch (ArithmeticException e) {
      throw new StepIndexException(
          "step "
              + step
              + " is too large: step × batch size "
              + batchSize
              + " overflows; give a smaller step");
    }
  }

  /**
   * The step that trains on sequence {@code sequence}.
   *
   * @param sequence a sequence number in data order, {@code >= 0}
   * @return {@code floor(sequence / batchSize)}
   * @throws StepIndexException if {@code sequence} is negative
   */
  public long stepOf(long sequence) {
    requireNonNegative(sequence, "sequence");
    return sequence / batchSize;
  }

  /**
   * The number of steps that {@code sequences} sequences make; a trailing partial batch counts as a
   * step, because data that ends mid-batch still has its last (short) step indexed.
   *
   * @param sequences a number of sequences, {@code >= 0}
   * @return {@code ceil(sequences / batchSize)}
   * @throws StepIndexException if {@code sequences} is negative
   */
  public long stepCount(long sequences) {
    requireNonNegative(sequences, "sequence count");
    return sequences / batchSize + (hasPartialLastStep(sequences) ? 1 : 0);
  }

  /**
   * Whether {@code sequences} sequences end in the middle of a batch.
   *
   * @param sequences a number of sequences, {@code >= 0}
   * @return {@code true} if {@code sequences} is not a multiple of {@code batchSize}
   * @throws StepIndexException if {@code sequences} is negative
   */
  public boolean hasPartialLastStep(long sequences) {
    requireNonNegative(sequences, "sequence count");
    return sequences % batchSize != 0;
  }

  private static void requireNonNegative(long value, String what) {
    if (value < 0) {
      throw new StepIndexException(
          what + " " + value + " is negative; steps and sequences count from 0");
    }
  }
}
