package org.stepindex.corpora;

import org.stepindex.indexer.base.StepIndexException;

/**
 * The shape of a synthetic corpus.
 *
 * @param sequences number of training sequences
 * @param seqLength tokens per sequence
 * @param batchSize sequences per training step
 * @param seed random seed; the same options give byte-identical output
 */
public record SynthOptions(long sequences, int seqLength, int batchSize, long seed) {
  public SynthOptions {
    if (sequences < 1 || seqLength < 8 || batchSize < 1) {
      throw new StepIndexException(
          "synthetic corpus needs --sequences >= 1, --seq-length >= 8 and --batch-size >= 1");
    }
  }

  /**
   * A small corpus that indexes in seconds: 2,048 sequences of 129 tokens, 16 per step (128 steps).
   */
  public static SynthOptions demo() {
    return new SynthOptions(2048, 129, 16, 42);
  }

  /** Steps in the corpus (a trailing partial batch counts as a step). */
  public long steps() {
    return (sequences + batchSize - 1) / batchSize;
  }
}
