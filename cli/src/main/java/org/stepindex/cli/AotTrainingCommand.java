package org.stepindex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.stepindex.indexer.base.AtomicFiles;
import picocli.CommandLine.Command;

/**
 * {@code stepindex aot-training} (hidden): the training run the launcher records the JDK's
 * ahead-of-time cache from (JEP 483/514). It runs the short commands users start most (count in
 * every format, batches, timeline, cooccur, stats, help, a user error) on a tiny synthesized index,
 * so the classes they load are found already parsed and linked in the cache on the next start.
 * Prints nothing; exits non-zero if any run did not do what it should.
 *
 * <p>The tiny index is synthesized and built in a JVM of its own, which is not recorded: the JVM
 * loads every class of the cache when it starts, so the indexer's classes in it would cost each
 * short command that never builds anything (without them the cache went from 41.8 to 37.7 MB).
 */
@Command(
    name = "aot-training",
    hidden = true,
    description = "The launcher's training run for the JDK's ahead-of-time cache; prints nothing.")
final class AotTrainingCommand implements Callable<Integer> {
  @Override
  public Integer call() throws IOException {
    Path dir = Files.createTempDirectory("stepindex-aot-training-");
    try (PrintWriter sink = new PrintWriter(Writer.nullWriter())) {
      String corpus = dir.resolve("corpus").toString();
      String index = dir.resolve("index").toString();
      Path queries =
          Files.writeString(dir.resolve("queries.txt"), "galaxy\nthe\n\"quasar nebula\"\n");
      boolean ok =
          runApart(
                  "synth",
                  "--out",
                  corpus,
                  "--sequences",
                  "256",
                  "--seq-length",
                  "65",
                  "--batch-size",
                  "16")
              && runApart(
                  "index",
                  "--data",
                  corpus + "/document",
                  "--tokenizer",
                  corpus + "/tokenizer.json",
                  "--index",
                  index,
                  "--batch-size",
                  "16",
                  "--seq-length",
                  "65",
                  "--views",
                  "text,tokens,pythia-numbers",
                  "--quiet");
      ok &= run(sink, 0, "--version") & run(sink, 0, "--help") & run(sink, 0, "help", "count");
      for (String format : new String[] {"table", "json", "csv"}) {
        ok &= run(sink, 0, "count", "--index", index, "--step", "8", "--format", format, "galaxy");
        ok &=
            run(
                sink,
                0,
                "count",
                "--index",
                index,
                "--queries",
                queries.toString(),
                "--steps",
                "pythia",
                "--format",
                format);
        ok &= run(sink, 0, "timeline", "--index", index, "--format", format, "\"quasar nebula\"");
        ok &=
            run(
                sink,
                0,
                "cooccur",
                "--index",
                index,
                "--step",
                "12",
                "--format",
                format,
                "galaxy",
                "the");
      }
      ok &=
          run(sink, 0, "count", "--index", index, "--from", "2", "--to", "9", "\"quasar nebula\"")
              & run(sink, 0, "count", "--index", index, "--step", "9", "--view", "tokens", "0")
              & run(
                  sink,
                  0,
                  "count",
                  "--index",
                  index,
                  "--step",
                  "9",
                  "--view",
                  "pythia-numbers",
                  "7")
              & run(
                  sink,
                  0,
                  "cooccur",
                  "--index",
                  index,
                  "--step",
                  "12",
                  "--window",
                  "3",
                  "galaxy",
                  "of")
              & run(sink, 0, "stats", "--index", index)
              & run(sink, 0, "stats", "--index", index, "--json")
              & run(sink, 2, "count", "--index", index, "--step", "99", "galaxy");
      return ok ? 0 : 1;
    } finally {
      AtomicFiles.deleteTree(dir);
    }
  }

  /**
   * Runs the CLI with {@code args} in a child JVM, the same Java and class path; true if it exits
   * 0.
   */
  private static boolean runApart(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder.Redirect errors =
        System.getenv("STEPINDEX_DEBUG") != null
            ? ProcessBuilder.Redirect.INHERIT
            : ProcessBuilder.Redirect.DISCARD;
    Process child =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(errors)
            .start();
    try {
      return child.waitFor() == 0;
    } catch (InterruptedException e) {
      child.destroyForcibly();
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean run(PrintWriter sink, int expectedExit, String... args) {
    int exit = Main.execute(sink, sink, args);
    if (exit != expectedExit && System.getenv("STEPINDEX_DEBUG") != null) {
      System.err.println("aot-training: exit " + exit + " from " + String.join(" ", args));
    }
    return exit == expectedExit;
  }
}
