/**
 * The query engine over a step-keyed index: exact counts at any step, history (find, exposures,
 * next), rows.
 */
module org.stepindex.query {
  requires transitive org.stepindex.indexer;
  requires transitive roaringbitmap;
  requires org.apache.lucene.queries;
  requires org.apache.lucene.queryparser;

  exports org.stepindex.query;
  exports org.stepindex.query.history;
  exports org.stepindex.query.rows;
  exports org.stepindex.query.trace;
}
