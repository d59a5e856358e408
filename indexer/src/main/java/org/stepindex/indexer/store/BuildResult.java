package org.stepindex.indexer.store;

/**
 * What a build did.
 *
 * @param shardsBuilt shards made by this run
 * @param shardsKept shards of the range that were already complete and left alone
 * @param sequences sequences indexed by this run
 * @param tokens tokens indexed by this run
 * @param seconds wall time
 * @param manifest the index's manifest afterwards
 */
public record BuildResult(
    int shardsBuilt,
    int shardsKept,
    long sequences,
    long tokens,
    double seconds,
    Manifest manifest) {

  /** Indexing throughput of this run. */
  public double tokensPerSecond() {
    return seconds > 0 ? tokens / seconds : 0;
  }
}
