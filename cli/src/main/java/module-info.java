/**
 * The {@code stepindex} command line (one picocli class a subcommand) and the demo study that
 * drives every module.
 */
module org.stepindex.cli {
  requires org.stepindex.bench;
  requires org.stepindex.corpora;
  requires org.stepindex.serve;
  requires org.stepindex.trainer;
  requires info.picocli;
  requires java.logging;
  requires java.management;
  requires java.net.http;

  opens org.stepindex.cli to
      info.picocli;
}
