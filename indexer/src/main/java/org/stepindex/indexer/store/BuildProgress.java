package org.stepindex.indexer.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of a running build, safe to read from another thread (the CLI's progress bar polls
 * them).
 */
public final class BuildProgress {
  private final AtomicLong totalSequences = new AtomicLong();
  private final AtomicLong totalTokens = new AtomicLong();
  private final AtomicLong doneSequences = new AtomicLong();
  private final AtomicLong doneTokens = new AtomicLong();
  private final AtomicLong shardsDone = new AtomicLong();
  private final AtomicLong shardsTotal = new AtomicLong();

  void plan(long sequences, long tokens, int shards) {
    totalSequences.set(sequences);
    totalTokens.set(tokens);
    shardsTotal.set(shards);
  }

  void advance(long sequences, long tokens) {
    doneSequences.addAndGet(sequences);
    doneTokens.addAndGet(tokens);
  }

  void shardDone() {
    shardsDone.incrementAndGet();
  }

  /** Sequences this build will index. */
  public long totalSequences() {
    return totalSequences.get();
  }

  /** Tokens this build will index. */
  public long totalTokens() {
    return totalTokens.get();
  }

  /** Sequences indexed so far. */
  public long doneSequences() {
    return doneSequences.get();
  }

  /** Tokens indexed so far. */
  public long doneTokens() {
    return doneTokens.get();
  }

  /** Shards finished by this build. */
  public long shardsDone() {
    return shardsDone.get();
  }

  /** Shards this build has to make. */
  public long shardsTotal() {
    return shardsTotal.get();
  }
}
