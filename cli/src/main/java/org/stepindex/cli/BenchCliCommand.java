package org.stepindex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.stepindex.bench.BenchIndex;
import org.stepindex.indexer.base.StepIndexException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stepindex bench-cli}: the command line as a script sees it, in whole-process wall time.
 * Each case is run as a fresh process of the launcher ({@code ./stepindex}) with the JDK's
 * ahead-of-time cache and, interleaved, without it ({@code STEPINDEX_AOT=off}), the baseline; the
 * first run of each is reported on its own.
 */
@Command(
    name = "bench-cli",
    mixinStandardHelpOptions = true,
    description = {
      "Whole-process wall time of the command line, as a script calling ./stepindex pays it: --version, one count of"
          + " a term at a checkpoint, and batches of terms x checkpoints written as CSV and JSON (rows/s, and the"
          + " rate per added row from two batch sizes, which leaves out the start).",
      "Each case runs --runs times as a new process with the start-up cache and, interleaved, without it"
          + " (STEPINDEX_AOT=off, the baseline); the first (cold) run is shown apart from the median and p90. Every"
          + " run must exit 0 with nothing on stderr. Without --index a synthetic index is built first.",
    })
final class BenchCliCommand implements Callable<Integer> {
  @Option(
      names = "--index",
      paramLabel = "DIR",
      description = "Index to count in (default: a synthetic one, built and deleted).")
  Path index;

  @Option(
      names = "--runs",
      paramLabel = "N",
      description = "Runs per case and mode (default: ${DEFAULT-VALUE}).")
  int runs = 10;

  @Option(
      names = "--terms",
      paramLabel = "N",
      description = "Terms in the smaller batch; the larger has 4N (default: ${DEFAULT-VALUE}).")
  int terms = 500;

  @Option(
      names = "--steps",
      paramLabel = "STEPS",
      converter = Steps.Converter.class,
      description = "The batches' --steps, as count takes it (default: ${DEFAULT-VALUE}).")
  Steps steps = new Steps("every:8");

  @Option(
      names = "--launcher",
      paramLabel = "FILE",
      description = "The launcher to time (default: the one running this command).")
  Path launcher;

  @Spec CommandSpec spec;

  /** Wall times of one case in one mode, in seconds, in run order. */
  private record Times(double[] seconds, long rows) {
    double first() {
      return seconds[0];
    }

    double quantile(double q) {
      double[] rest = Arrays.copyOfRange(seconds, seconds.length > 1 ? 1 : 0, seconds.length);
      Arrays.sort(rest);
      return rest[(int) Math.min(rest.length - 1, Math.floor(q * rest.length))];
    }
  }

  @Override
  public Integer call() throws IOException {
    if (runs < 2) {
      throw new StepIndexException(
          "--runs must be at least 2 (the first run is reported apart), got " + runs);
    }
    Path run = launcher != null ? launcher : launcherFromEnvironment();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (BenchIndex bench = BenchIndex.of(index, 16384, err)) {
      Path work = Files.createTempDirectory("stepindex-bench-cli-");
      try {
        Path small = Files.write(work.resolve("terms-small.txt"), BenchIndex.numberTerms(terms));
        Path large =
            Files.write(work.resolve("terms-large.txt"), BenchIndex.numberTerms(4 * terms));
        String idx = bench.dir().toString();
        String[][] cases = {
          {"--version"},
          {"count", "--index", idx, "--step", "512", "the"},
          {
            "count",
            "--index",
            idx,
            "--queries",
            small.toString(),
            "--steps",
            steps.text(),
            "--format",
            "csv"
          },
          {
            "count",
            "--index",
            idx,
            "--queries",
            large.toString(),
            "--steps",
            steps.text(),
            "--format",
            "csv"
          },
          {
            "count",
            "--index",
            idx,
            "--queries",
            large.toString(),
            "--steps",
            steps.text(),
            "--format",
            "json"
          },
        };
        String[] names = {
          "--version",
          "count, one term at a checkpoint",
          "batch CSV, " + terms + " terms",
          "batch CSV, " + 4 * terms + " terms",
          "batch JSON, " + 4 * terms + " terms"
        };
        err.println(
            "bench: "
                + cases.length
                + " cases x "
                + runs
                + " runs x 2 modes, each a new process of "
                + run);
        err.flush();
        Times[][] times = new Times[cases.length][];
        for (int c = 0; c < cases.length; c++) {
          times[c] = measure(run, cases[c], work.resolve("out.txt"));
        }
        print(out, names, times);
      } finally {
        try (Stream<Path> files = Files.list(work)) {
          for (Path f : files.toList()) {
            Files.deleteIfExists(f);
          }
        }
        Files.deleteIfExists(work);
      }
    }
    return 0;
  }

  private static Path launcherFromEnvironment() {
    String env = System.getenv("STEPINDEX_LAUNCHER");
    if (env == null || !Files.isExecutable(Path.of(env))) {
      throw new StepIndexException(
          "bench-cli times the launcher: run it as ./stepindex bench-cli, or give --launcher FILE");
    }
    return Path.of(env);
  }

  /**
   * {@code runs} runs with the cache ([0]) and without ([1]), interleaved so that drift in load
   * hits both.
   */
  private Times[] measure(Path launcher, String[] args, Path output) throws IOException {
    double[][] seconds = new double[2][runs];
    long rows = -1;
    for (int r = 0; r < runs; r++) {
      for (int mode = 0; mode < 2; mode++) {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .redirectOutput(output.toFile())
                .redirectError(output.resolveSibling("err.txt").toFile());
        Map<String, String> env = builder.environment();
        env.put("STEPINDEX_AOT", mode == 0 ? "on" : "off");
        long start = System.nanoTime();
        int exit = waitFor(builder.start());
        seconds[mode][r] = (System.nanoTime() - start) / 1e9;
        String stderr = Files.readString(output.resolveSibling("err.txt"));
        if (exit != 0 || !stderr.isEmpty()) {
          throw new StepIndexException(
              "'"
                  + String.join(" ", command)
                  + "' exited "
                  + exit
                  + " printing on stderr: "
                  + stderr.lines().findFirst().orElse(""));
        }
        try (Stream<String> lines = Files.lines(output)) {
          rows = lines.count() - (Arrays.asList(args).contains("csv") ? 1 : 0);
        }
      }
    }
    return new Times[] {new Times(seconds[0], rows), new Times(seconds[1], rows)};
  }

  private static int waitFor(Process process) {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new StepIndexException("interrupted");
    }
  }

  private void print(PrintWriter out, String[] names, Times[][] times) {
    out.printf(
        Locale.ROOT,
        "%-34s %9s %9s %9s %9s %9s %9s %7s %12s%n",
        "whole process, wall s",
        "first",
        "p50",
        "p90",
        "no-cache",
        "p50",
        "p90",
        "ratio",
        "rows/s p50");
    for (int c = 0; c < names.length; c++) {
      Times on = times[c][0];
      Times off = times[c][1];
      boolean batch = names[c].startsWith("batch");
      out.printf(
          Locale.ROOT,
          "%-34s %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f %6.2fx %12s%n",
          names[c],
          on.first(),
          on.quantile(0.5),
          on.quantile(0.9),
          off.first(),
          off.quantile(0.5),
          off.quantile(0.9),
          off.quantile(0.5) / on.quantile(0.5),
          batch ? String.format(Locale.ROOT, "%,.0f", on.rows() / on.quantile(0.5)) : "");
    }
    // The rate per added row: the larger CSV batch minus the smaller, so the process start cancels
    // out.
    Times smallCsv = times[2][0];
    Times largeCsv = times[3][0];
    double marginal =
        (largeCsv.rows() - smallCsv.rows()) / (largeCsv.quantile(0.5) - smallCsv.quantile(0.5));
    out.printf(
        Locale.ROOT,
        "%nbatch rows: %,d and %,d; per added CSV row %,.0f rows/s (the start left out)%n",
        smallCsv.rows(),
        largeCsv.rows(),
        marginal);
    out.printf(
        Locale.ROOT,
        "targets: count p50 <= 0.40 s: %s (%.3f); --version p50 <= 0.25 s: %s (%.3f);"
            + " batch >= 200,000 rows/s whole process: %s (%,.0f CSV, %,.0f JSON)%n",
        verdict(times[1][0].quantile(0.5) <= 0.40),
        times[1][0].quantile(0.5),
        verdict(times[0][0].quantile(0.5) <= 0.25),
        times[0][0].quantile(0.5),
        verdict(
            largeCsv.rows() / largeCsv.quantile(0.5) >= 200_000
                && times[4][0].rows() / times[4][0].quantile(0.5) >= 200_000),
        largeCsv.rows() / largeCsv.quantile(0.5),
        times[4][0].rows() / times[4][0].quantile(0.5));
    out.flush();
  }

  private static String verdict(boolean met) {
    return met ? "met" : "MISSED";
  }
}
