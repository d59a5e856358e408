package org.stepindex.query;

import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.apache.lucene.search.TermQuery;

/**
 * What one query costs per shard, paid once: the shard's total count and, when a count must look
 * inside a shard or the query is more than a term, its match set (from the on-disk cache, else one
 * postings walk). A {@link QueryCache} keeps the states of the queries asked most recently, and
 * counts the bytes of their match sets.
 */
final class QueryState {
  private final ShardSet shards;
  private final IntFunction<ShardMatches> collect;
  private final TermQuery term;
  private final Count[] totals;
  private final ShardMatches[] matches;

  /**
   * The bytes of the match sets remembered across queries, this state's included while it is
   * remembered.
   */
  private final AtomicLong remembered;

  /**
   * Guards {@code bytes} and {@code forgotten} apart from this state's own monitor, which is held
   * during a postings walk: eviction (under the lock of the cache) must not wait for one, or every
   * query would wait with it.
   */
  private final Object accounting = new Object();

  private long bytes;
  private boolean forgotten;

  /**
   * The state of {@code query}: a term's match sets are collected, any other query's read from the
   * match cache.
   */
  QueryState(ShardSet shards, ViewQuery query, AtomicLong remembered) {
    this(
        shards,
        query.isSingleTerm() ? (TermQuery) query.query() : null,
        query.isSingleTerm()
            // A term's match set is one cheap postings walk: not worth a cache file.
            ? shard -> MatchCache.collect(shards.get(shard).searcher(), query.query())
            : shard -> MatchCache.load(shards.get(shard), query, shards.warnings()),
        remembered);
  }

  /** The state of a query whose match sets {@code collect} makes, shard by shard. */
  QueryState(ShardSet shards, IntFunction<ShardMatches> collect, AtomicLong remembered) {
    this(shards, null, collect, remembered);
  }

  private QueryState(
      ShardSet shards, TermQuery term, IntFunction<ShardMatches> collect, AtomicLong remembered) {
    this.shards = shards;
    this.term = term;
    this.collect = collect;
    this.remembered = remembered;
    this.totals = new Count[shards.size()];
    this.matches = new ShardMatches[shards.size()];
  }

  /** The count in docs {@code [lo, hi)} of shard {@code shard}: a {@link ShardCounter}. */
  Count count(int shard, int lo, int hi) {
    if (lo >= hi) {
      return Count.ZERO;
    }
    if (lo == 0 && hi == shards.get(shard).docs()) {
      return total(shard);
    }
    ShardMatches m = matches(shard);
    return m.countBelow(hi).minus(m.countBelow(lo));
  }

  /**
   * Marks this query as no longer remembered (a call still using it may finish, uncounted) and
   * returns the bytes it was counted for.
   */
  long forget() {
    synchronized (accounting) {
      forgotten = true;
      return bytes;
    }
  }

  synchronized Count total(int shard) {
    if (totals[shard] == null && term != null && shards.inTable(shard)) {
      fromTable();
    }
    if (totals[shard] == null) {
      try {
        totals[shard] =
            term != null ? shards.termStatistics(shard, term.getTerm()) : matches(shard).total();
      } catch (UncheckedIOException | IndexOutOfBoundsException e) {
        throw shards.damaged(shard);
      }
    }
    return totals[shard];
  }

  /**
   * Fills the totals of every shard the table covers from one lookup; a table that fails to read
   * leaves them to be counted from the shards' own files.
   */
  private void fromTable() {
    Count[] counts = shards.tableLookup(term.getTerm());
    if (counts == null) {
      return;
    }
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != null && totals[i] == null) {
        totals[i] = counts[i];
      }
    }
  }

  synchronized ShardMatches matches(int shard) {
    if (matches[shard] == null) {
      try {
        matches[shard] = collect.apply(shard);
      } catch (UncheckedIOException | IndexOutOfBoundsException e) {
        // A corrupt index, a truncated file, a checksum mismatch met on the way: Lucene's reads
        // raise these.
        throw shards.damaged(shard);
      }
      synchronized (accounting) {
        if (!forgotten) {
          bytes += matches[shard].bytes();
          remembered.addAndGet(matches[shard].bytes());
        }
      }
    }
    return matches[shard];
  }
}
