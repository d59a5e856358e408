/**
 * The benchmarks: queries against baselines and growth with the data, the model, training and the
 * server.
 */
module org.stepindex.bench {
  requires transitive org.stepindex.trainer;
  requires transitive org.stepindex.corpora;
  requires java.net.http;

  exports org.stepindex.bench;
  exports org.stepindex.bench.model;
  exports org.stepindex.bench.query;
  exports org.stepindex.bench.serve;
}
