package org.stepindex.query;

/** How one shard counts a query (or a pair of queries) in its docs {@code [lo, hi)}. */
@FunctionalInterface
interface ShardCounter {
  /**
   * The count in docs {@code [lo, hi)} of shard {@code shard}.
   *
   * @param shard the shard's position in the index's shard list
   * @param lo the first doc
   * @param hi one past the last doc
   * @return the matching sequences and occurrences there
   */
  Count count(int shard, int lo, int hi);
}
