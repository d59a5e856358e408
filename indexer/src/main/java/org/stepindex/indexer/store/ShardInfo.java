package org.stepindex.indexer.store;

/**
 * One immutable shard of an index: the Lucene index over the sequences of steps {@code [firstStep,
 * endStep)}.
 *
 * <p>Inside the shard, Lucene doc id {@code d} is sequence {@code firstSequence + d}.
 *
 * @param name directory name under {@code shards/}
 * @param firstStep first step covered
 * @param endStep first step not covered
 * @param firstSequence first sequence covered (= firstStep × batch size)
 * @param endSequence first sequence not covered (the dataset's end for a trailing partial batch)
 * @param tokens tokens in the shard's sequences
 */
public record ShardInfo(
    String name, long firstStep, long endStep, long firstSequence, long endSequence, long tokens) {

  /** Number of sequences (Lucene documents) in the shard. */
  public long sequences() {
    return endSequence - firstSequence;
  }

  /** The shard directory name for a step range; zero-padded so names sort in step order. */
  public static String nameFor(long firstStep, long endStep) {
    return String.format("steps-%09d-%09d", firstStep, endStep);
  }
}
