package org.stepindex.query;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The queries an open index remembers, most recently used kept: compiled queries (a server asked
 * the same query again skips the parse, which costs more than a count at a checkpoint), and each
 * query's {@link QueryState}, so that a batch of queries × checkpoints or a timeline pays a query's
 * per-shard cost once.
 *
 * <p>Memory is bounded twice: at most {@value #REMEMBERED_QUERIES} queries, and match sets of at
 * most about a given number of bytes (a batch of frequent terms at steps inside big shards holds
 * megabytes per query); the least recently used query is forgotten first. Thread-safe.
 */
final class QueryCache {
  private static final int REMEMBERED_QUERIES = 4096;

  private final ShardSet shards;
  private final long rememberedBytesLimit;
  private final AtomicLong rememberedBytes = new AtomicLong();
  private final Map<String, QueryState> states =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, QueryState> eldest) {
          boolean evict =
              size() > REMEMBERED_QUERIES || rememberedBytes.get() > rememberedBytesLimit;
          if (evict) {
            rememberedBytes.addAndGet(-eldest.getValue().forget());
          }
          return evict;
        }
      };

  /** Compiled queries by view and text. */
  private final Map<String, ViewQuery> compiled =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ViewQuery> eldest) {
          return size() > REMEMBERED_QUERIES;
        }
      };

  /**
   * A cache of the queries of {@code shards}.
   *
   * @param shards the shards the queries count in
   * @param rememberedBytesLimit about how many bytes of match sets to remember across queries
   */
  QueryCache(ShardSet shards, long rememberedBytesLimit) {
    this.shards = shards;
    this.rememberedBytesLimit = rememberedBytesLimit;
  }

  /**
   * Query {@code query} of view {@code view}, compiled by {@link ShardSet#compile} unless
   * remembered.
   */
  ViewQuery compile(String view, String query) {
    String key = view + "\u0000" + query;
    synchronized (compiled) {
      ViewQuery known = compiled.get(key);
      if (known != null) {
        return known;
      }
    }
    ViewQuery q = shards.compile(view, query);
    synchronized (compiled) {
      compiled.put(key, q);
    }
    return q;
  }

  /** How the shards count {@code query}, from its remembered state. */
  ShardCounter counter(ViewQuery query) {
    return state(query)::count;
  }

  /** The remembered state of {@code query}, made if there is none. */
  QueryState state(ViewQuery query) {
    synchronized (states) {
      return states.computeIfAbsent(
          query.cacheKey(), key -> new QueryState(shards, query, rememberedBytes));
    }
  }

  /**
   * The remembered state under {@code key} of a query whose match sets {@code collect} makes, made
   * if none.
   */
  QueryState state(String key, IntFunction<ShardMatches> collect) {
    synchronized (states) {
      return states.computeIfAbsent(key, k -> new QueryState(shards, collect, rememberedBytes));
    }
  }

  /** Bytes of the match sets remembered across queries. */
  long rememberedBytes() {
    return rememberedBytes.get();
  }
}
