/**
 * The step-keyed index: Megatron data and training orders, the step layout, the tokenizer, views,
 * and the builder of immutable step-range shards with their manifest; at the bottom, the plumbing
 * every module shares ({@code base}).
 */
module org.stepindex.indexer {
  requires transitive com.fasterxml.jackson.databind;
  requires transitive org.apache.lucene.core;
  requires org.apache.lucene.analysis.common;
  requires ai.djl.tokenizers;

  exports org.stepindex.indexer.base;
  exports org.stepindex.indexer.data;
  exports org.stepindex.indexer.entities;
  exports org.stepindex.indexer.intervention;
  exports org.stepindex.indexer.layout;
  exports org.stepindex.indexer.order;
  exports org.stepindex.indexer.store;
  exports org.stepindex.indexer.tokenizer;
  exports org.stepindex.indexer.views;
}
