package org.stepindex.indexer.intervention;

/**
 * A change to the training data from a given step on: a transform of each sequence's token ids that
 * keeps its length, so the step layout (and every later sequence's position) stays what the
 * original run had.
 *
 * <p>The trainer feeds intervened sequences to the model, and the indexer can index what the
 * intervened model saw, so frequencies and behaviour of the two runs can be compared step by step.
 *
 * <p>Implementations are made by {@link Interventions#parse} and must be safe for concurrent {@link
 * #apply} calls: the indexer builds several shards at once with one instance.
 */
public interface Intervention {
  /** The first training step whose sequences are changed; earlier steps are left as they are. */
  long startStep();

  /**
   * Changes {@code tokens[0, length)} in place if {@code step >= startStep()}; never changes the
   * length.
   *
   * @param step the training step the sequence belongs to
   * @param tokens the sequence's token ids
   * @param length how many of them are the sequence
   * @return whether any token was changed
   */
  boolean apply(long step, int[] tokens, int length);

  /**
   * The spec this intervention was made from, resolved ({@code swap-pronouns@13000}), for manifests
   * and logs.
   */
  String spec();

  /**
   * A human-readable account of what it changes (e.g. the id pairs it maps, forms it leaves alone),
   * for metadata.
   */
  String describe();
}
