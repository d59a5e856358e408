/** {@code stepindex serve}: one HTTP layer over the query engine the CLI uses. */
module org.stepindex.serve {
  requires transitive org.stepindex.query;
  requires jdk.httpserver;

  exports org.stepindex.serve;
}
