package org.stepindex.indexer.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which shards a run builds, in the order it starts them: a value, planned before any work is done.
 *
 * <p>A plan made by {@link #largestFirst} starts the largest shards first, so that the last shard
 * to finish is a small one and no writer idles while one big shard runs.
 *
 * @param shards the shards, in the order they are started; never null
 */
public record ShardPlan(List<ShardInfo> shards) {

  /** Copies the list. */
  public ShardPlan {
    shards = List.copyOf(shards);
  }

  /**
   * The plan that builds {@code missing} largest first (most tokens; equal sizes keep the order
   * given, step order).
   *
   * @param missing the shards to build
   * @return the plan
   */
  public static ShardPlan largestFirst(List<ShardInfo> missing) {
    List<ShardInfo> bySize = new ArrayList<>(missing);
    bySize.sort(Comparator.comparingLong(ShardInfo::tokens).reversed());
    return new ShardPlan(bySize);
  }

  /** Whether there is nothing to build. */
  public boolean isEmpty() {
    return shards.isEmpty();
  }

  /** The number of shards to build. */
  public int size() {
    return shards.size();
  }

  /** The sequences of the shards to build. */
  public long sequences() {
    return shards.stream().mapToLong(ShardInfo::sequences).sum();
  }

  /** The tokens of the shards to build. */
  public long tokens() {
    return shards.stream().mapToLong(ShardInfo::tokens).sum();
  }
}
