/** Synthetic corpora with planted terms, for the demo, the benchmarks and the tests. */
module org.stepindex.corpora {
  requires transitive org.stepindex.indexer;

  exports org.stepindex.corpora;
}
