package org.stepindex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.StepIndexException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code stepindex aot-training FAMILY} (hidden): the training run the launcher records one of the
 * JDK's ahead-of-time caches from (JEP 483/514/515), so that the classes a command loads are found
 * already parsed and linked in the cache on its next start. Prints nothing; exits non-zero if any
 * run did not do what it should.
 *
 * <p>The launcher keeps one cache per family of commands, and this runs the commands of {@code
 * FAMILY}, on a tiny synthesized index where they query one: {@code version}, {@code help} ({@code
 * --help}, {@code help}), each single query on its own ({@code count} in every format and view and
 * with a user error, {@code timeline}, {@code cooccur}, {@code stats}, {@code show}), {@code batch}
 * ({@code count --queries}, {@code cooccur --pairs}) and {@code tiered} (all of them, for the
 * commands that keep both compilers: builds, the server, evaluation, training). The JVM loads every
 * class of its cache when it starts, whether the command needs it or not, so a cache holds only
 * what its family runs. On an AMD EPYC, one cache for all the single queries and help made {@code
 * --version} 40% slower than a cache of its own (0.226 against 0.162 s), help's made it 15% slower,
 * a count was 6% slower than with count's own (0.343 against 0.323 s), and a batch of 2,000 terms 6
 * to 9% slower than with the batches' own.
 *
 * <p>The tiny index is synthesized and built in a JVM of its own, which is not recorded: the
 * indexer's classes in a cache would cost each short command that never builds anything (without
 * them the cache went from 41.8 to 37.7 MB).
 */
@Command(
    name = "aot-training",
    hidden = true,
    description = "The launcher's training run for the JDK's ahead-of-time cache; prints nothing.")
final class AotTrainingCommand implements Callable<Integer> {
  /** The families, as the launcher names their caches ({@code stepindex-FAMILY.aot}). */
  static final List<String> FAMILIES =
      List.of(
          "version", "help", "count", "timeline", "cooccur", "stats", "show", "batch", "tiered");

  /** The output formats every query command writes, each trained. */
  private static final String[] FORMATS = {"table", "json", "csv"};

  @Parameters(
      paramLabel = "FAMILY",
      description = "version, help, count, timeline, cooccur, stats, show, batch or tiered.")
  String family;

  @Override
  public Integer call() throws IOException {
    if (!FAMILIES.contains(family)) {
      throw new StepIndexException(
          "aot-training: FAMILY is one of " + FAMILIES + ", got " + family);
    }
    try (PrintWriter sink = new PrintWriter(Writer.nullWriter())) {
      if (family.equals("version")) {
        return run(sink, 0, "--version") & run(sink, 0, "-V") ? 0 : 1;
      }
      if (family.equals("help")) {
        return help(sink) ? 0 : 1;
      }
      Path dir = Files.createTempDirectory("stepindex-aot-training-");
      try {
        String corpus = dir.resolve("corpus").toString();
        String index = dir.resolve("index").toString();
        boolean ok = tinyIndex(corpus, index);
        boolean all = family.equals("tiered");
        if (all) {
          ok &= run(sink, 0, "--version") & help(sink);
        }
        if (all || family.equals("batch")) {
          ok &= batches(sink, dir, index);
        }
        if (all || family.equals("count")) {
          ok &= count(sink, index);
        }
        if (all || family.equals("timeline")) {
          ok &= inEveryFormat(sink, "timeline", "--index", index, "\"quasar nebula\"");
        }
        if (all || family.equals("cooccur")) {
          ok &= cooccur(sink, index);
        }
        if (all || family.equals("stats")) {
          ok &=
              run(sink, 0, "stats", "--index", index)
                  & run(sink, 0, "stats", "--index", index, "--json");
        }
        if (all || family.equals("show")) {
          ok &=
              run(
                  sink,
                  0,
                  "show",
                  "--data",
                  corpus + "/document",
                  "--tokenizer",
                  corpus + "/tokenizer.json",
                  "--batch-size",
                  "16",
                  "--seq-length",
                  "65",
                  "--batch",
                  "3",
                  "--ids");
        }
        return ok ? 0 : 1;
      } finally {
        AtomicFiles.deleteTree(dir);
      }
    }
  }

  /** A tiny corpus and its index, each made in a JVM of its own; true if both were. */
  private static boolean tinyIndex(String corpus, String index) throws IOException {
    return runApart(
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
  }

  private static boolean help(PrintWriter sink) {
    return run(sink, 0, "--help") & run(sink, 0, "help", "count");
  }

  private static boolean count(PrintWriter sink, String index) {
    return inEveryFormat(sink, "count", "--index", index, "--step", "8", "galaxy")
        & run(sink, 0, "count", "--index", index, "--from", "2", "--to", "9", "\"quasar nebula\"")
        & run(sink, 0, "count", "--index", index, "--step", "9", "--view", "tokens", "0")
        & run(sink, 0, "count", "--index", index, "--step", "9", "--view", "pythia-numbers", "7")
        & run(sink, 2, "count", "--index", index, "--step", "99", "galaxy");
  }

  private static boolean cooccur(PrintWriter sink, String index) {
    return inEveryFormat(sink, "cooccur", "--index", index, "--step", "12", "galaxy", "the")
        & run(
            sink, 0, "cooccur", "--index", index, "--step", "12", "--window", "3", "galaxy", "of");
  }

  private static boolean batches(PrintWriter sink, Path dir, String index) throws IOException {
    String queries =
        Files.writeString(dir.resolve("queries.txt"), "galaxy\nthe\n\"quasar nebula\"\n")
            .toString();
    String pairs =
        Files.writeString(dir.resolve("pairs.txt"), "galaxy\tthe\nplus\tis\n").toString();
    return inEveryFormat(sink, "count", "--index", index, "--queries", queries, "--steps", "pythia")
        & inEveryFormat(sink, "cooccur", "--index", index, "--pairs", pairs, "--steps", "pythia");
  }

  /** Runs {@code args} once in each output format; true if every run exits 0. */
  private static boolean inEveryFormat(PrintWriter sink, String... args) {
    boolean ok = true;
    for (String format : FORMATS) {
      String[] formatted = Arrays.copyOf(args, args.length + 2);
      formatted[args.length] = "--format";
      formatted[args.length + 1] = format;
      ok &= run(sink, 0, formatted);
    }
    return ok;
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
