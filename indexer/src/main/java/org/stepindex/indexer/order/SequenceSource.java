package org.stepindex.indexer.order;

/**
 * The training sequences of one order, in training order: sequence {@code i} is what the model
 * trained on as the {@code i}-th sequence of its run, so step {@code s} is sequences {@code [s·B,
 * (s+1)·B)}. What the index builder, the view adder, {@code verify}, {@code show} and the trainer
 * read; each implementation is one order's rule.
 *
 * <p>Implementations are thread-safe for reads and validate their files when they open. {@link
 * #close()} releases the files; no method may be called after it.
 */
public interface SequenceSource extends AutoCloseable {

  /** Returns the number of training sequences the order defines. */
  long sequenceCount();

  /**
   * Returns the number of tokens of sequence {@code sequence}.
   *
   * @throws org.stepindex.indexer.base.StepIndexException if the sequence is out of range
   */
  int size(long sequence);

  /** Returns the largest sequence size: a buffer this long fits every {@link #read}. */
  int maxSize();

  /** Returns the tokens of all sequences together. */
  long totalTokens();

  /**
   * Copies the token ids of sequence {@code sequence} into {@code dst[0, size)} and returns the
   * size.
   *
   * @throws org.stepindex.indexer.base.StepIndexException if the sequence is out of range or its
   *     data is invalid
   * @throws IllegalArgumentException if {@code dst} is shorter than the sequence
   */
  int read(long sequence, int[] dst);

  /**
   * Returns a fingerprint of the files the tokens come from (not of the order's maps, which {@link
   * #recorded()} describes): an index built from other data is refused.
   */
  String dataFingerprint();

  /**
   * Returns what a manifest records of this order; null for the pre-shuffled order, which manifests
   * leave out.
   */
  RecordedOrder recorded();

  /** Returns a short description for messages, e.g. {@code the megatron order of pile/document}. */
  String describe();

  @Override
  void close();
}
