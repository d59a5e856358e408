package org.stepindex.indexer.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which shards a run builds, in the order it starts them: a value, so that the work can be divided before it is done
 * (a cluster build gives task {@code I} of {@code N} its {@link #part}).
 *
 * <p>A plan made by {@link #largestFirst} starts the largest shards first, so that the last shard to finish is a small
 * one and no writer idles while one big shard runs.
 *
 * @param shards the shards, in the order they are started; never null
 */
public record ShardPlan(List<ShardInfo> shards) {

  /** Copies the list. */
  public ShardPlan {
    shards = List.copyOf(shards);
  }

  /**
   * The plan that builds {@code missing} largest first (most tokens; equal sizes keep the order given, step order).
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

  /**
   * Task {@code task}'s part of this plan when {@code tasks} tasks share it: every {@code tasks}-th shard from
   * position {@code task} on, in this plan's order. The parts of {@code 0..tasks-1} are disjoint and together are the
   * plan; dealt from a largest-first plan, their shard counts differ by at most one and their token totals by at most
   * the largest shard's.
   *
   * @param task this task, {@code 0 <= task < tasks}
   * @param tasks the number of tasks, positive
   * @return the part, in this plan's order
   * @throws IllegalArgumentException if {@code task} or {@code tasks} is out of range
   */
  public ShardPlan part(int task, int tasks) {
    if (tasks <= 0 || task < 0 || task >= tasks) {
      throw new IllegalArgumentException("task " + task + " of " + tasks + " is not a task; need 0 <= task < tasks");
    }
    List<ShardInfo> part = new ArrayList<>();
    for (int i = task; i < shards.size(); i += tasks) {
      part.add(shards.get(i));
    }
    return new ShardPlan(part);
  }
}
