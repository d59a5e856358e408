package org.stepindex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.stepindex.bench.BenchIndex;
import org.stepindex.bench.Machine;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.query.trace.Phases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stepindex bench-cli}: the command line as a script sees it, in whole-process wall time.
 * Each case is run as a fresh process of the launcher ({@code ./stepindex}) with the JDK's
 * ahead-of-time cache and, interleaved, without it ({@code STEPINDEX_AOT=off}), the baseline; the
 * first run of each is reported on its own. The count is also run warm (answered by a {@code
 * stepindex serve --background} of the index through the launcher's /dev/tcp path), and cold with
 * {@value Phases#ENV} set, for the table of where its time goes (launcher, JVM start, class
 * loading, picocli, manifest, term statistics table, shards, the count, exit).
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
      "The count is also run warm, answered by a stepindex serve --background of the index (the launcher posts it"
          + " over bash's /dev/tcp, no JVM started), and cold with phases recorded: a table of where a cold count's time goes"
          + " (launcher script, JVM start, class loading, picocli, manifest, term statistics table, shards, the"
          + " count, exit), p50 of each and its share.",
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
        prepareCaches(run, work);
        Times[][] times = new Times[cases.length][];
        for (int c = 0; c < cases.length; c++) {
          times[c] = measure(run, cases[c], work.resolve("out.txt"));
        }
        Map<String, double[]> phases = phases(run, cases[1], work);
        Times warm = warm(run, bench.dir(), cases[1], work);
        out.println(Machine.current().line());
        print(out, names, times);
        printWarm(out, warm, times[1][0]);
        printPhases(out, phases);
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
   * Runs the launcher once, untimed, for each start-up cache the cases use, with {@code --help} so
   * that no case has been asked before its first timed run: {@code --version}'s, the single
   * counts', the batches' ({@code --queries} picks it) and the server's for the warm runs. So a
   * cache made again after a build is neither timed nor its notice on stderr taken for a failed
   * run.
   */
  private static void prepareCaches(Path launcher, Path work) throws IOException {
    String[][] commands = {
      {"--version"},
      {"count", "--help"},
      {"count", "--help", "--queries", work.resolve("none.txt").toString()},
      {"serve", "--help"}
    };
    for (String[] args : commands) {
      ProcessBuilder builder = builder(launcher, args, work.resolve("out.txt"));
      builder.environment().put("STEPINDEX_AOT", "on");
      int exit = waitFor(builder.start());
      if (exit != 0) { // its stderr is the notice that the cache is being made, when it is
        throw new StepIndexException(
            "'" + String.join(" ", builder.command()) + "' exited " + exit);
      }
    }
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
        ProcessBuilder builder = builder(launcher, args, output);
        builder.environment().put("STEPINDEX_AOT", mode == 0 ? "on" : "off");
        builder.environment().put("STEPINDEX_SERVER", "off"); // cold, whatever server is up
        long start = System.nanoTime();
        Process process = builder.start();
        waitFor(process);
        seconds[mode][r] = (System.nanoTime() - start) / 1e9;
        check(builder, process, output);
        try (Stream<String> lines = Files.lines(output)) {
          rows = lines.count() - (Arrays.asList(args).contains("csv") ? 1 : 0);
        }
      }
    }
    return new Times[] {new Times(seconds[0], rows), new Times(seconds[1], rows)};
  }

  /** The marks of {@link Phases}, in the order they end, as the table names them. */
  private static final Map<String, String> PHASE_NAMES = phaseNames();

  private static Map<String, String> phaseNames() {
    Map<String, String> names = new LinkedHashMap<>();
    names.put("launcher-exec", "launcher script (bash)");
    names.put("vm-start", "exec to JVM creation");
    names.put("vm-created", "JVM creation");
    names.put("main", "class loading and init to main()");
    names.put("model", "picocli model (reflection)");
    names.put("parsed", "picocli (command line parsed)");
    names.put("manifest", "manifest read");
    names.put("compiled", "query compiled");
    names.put("identities", "shard identities (segments headers)");
    names.put("table", "term statistics table opened");
    names.put("shard", "shards opened");
    names.put("done", "count and output");
    names.put("exit", "JVM exit");
    return names;
  }

  /**
   * {@code runs} cold runs of {@code args} with the cache, each recording its phases: per phase,
   * its milliseconds in each run (a phase a run does not mark, such as opening a shard the table
   * answers for, counts 0), and the classes loaded and those of them from the cache at the end
   * ({@code classes}, {@code shared}).
   */
  private Map<String, double[]> phases(Path launcher, String[] args, Path work) throws IOException {
    Map<String, double[]> phases = new LinkedHashMap<>();
    for (String name : PHASE_NAMES.keySet()) {
      phases.put(name, new double[runs]);
    }
    phases.put("classes", new double[runs]);
    phases.put("shared", new double[runs]);
    Path file = work.resolve("phases.txt");
    for (int r = 0; r < runs; r++) {
      Files.deleteIfExists(file);
      ProcessBuilder builder = builder(launcher, args, work.resolve("out.txt"));
      builder.environment().put("STEPINDEX_AOT", "on");
      builder.environment().put(Phases.ENV, file.toString());
      check(builder, builder.start(), work.resolve("out.txt"));
      long end = micros(Instant.now());
      if (!Files.exists(file)) {
        throw new StepIndexException(
            "'"
                + String.join(" ", builder.command())
                + "' wrote no phases: was it answered"
                + " by a server? Stop it, or run with STEPINDEX_SERVER=off");
      }
      List<String> lines = Files.readAllLines(file);
      long previous = -1;
      for (String line : lines) {
        String[] f = line.split(" ");
        long at = Long.parseLong(f[1]);
        if (previous >= 0 && phases.containsKey(f[0])) {
          phases.get(f[0])[r] += Math.max(0, at - previous) / 1000.0;
        }
        previous = Math.max(previous, at);
        if (f[0].equals(Phases.WRITTEN)) { // not a phase: its time is the counters' reading
          phases.get("classes")[r] = Long.parseLong(f[2]);
          phases.get("shared")[r] = Long.parseLong(f[3]);
        }
      }
      phases.get("exit")[r] = Math.max(0, end - previous) / 1000.0;
    }
    return phases;
  }

  private static final Pattern BACKGROUND_PID =
      Pattern.compile("running in the background as process ([0-9]+)");

  /**
   * {@code runs} runs of {@code args} answered by a server of {@code index} started for them with
   * {@code serve --background} (stopped after); a run that started a JVM of its own is an error.
   */
  private Times warm(Path launcher, Path index, String[] args, Path work) throws IOException {
    ProcessBuilder serve =
        builder(
            launcher,
            new String[] {"serve", "--index", index.toString(), "--port", "0", "--background"},
            work.resolve("serve.txt"));
    check(serve, serve.start(), work.resolve("serve.txt"));
    Matcher pid = BACKGROUND_PID.matcher(Files.readString(work.resolve("serve.txt")));
    if (!pid.find()) {
      throw new StepIndexException(
          "serve --background printed no process id: "
              + Files.readString(work.resolve("serve.txt")));
    }
    ProcessHandle server =
        ProcessHandle.of(Long.parseLong(pid.group(1)))
            .orElseThrow(() -> new StepIndexException("the background server stopped at once"));
    try {
      double[] seconds = new double[runs];
      long rows = -1;
      Path file = work.resolve("phases-warm.txt");
      for (int r = 0; r < runs; r++) {
        ProcessBuilder builder = builder(launcher, args, work.resolve("out.txt"));
        builder.environment().put(Phases.ENV, file.toString());
        long start = System.nanoTime();
        Process process = builder.start();
        check(builder, process, work.resolve("out.txt"));
        seconds[r] = (System.nanoTime() - start) / 1e9;
        if (Files.exists(file)) {
          throw new StepIndexException(
              "'"
                  + String.join(" ", builder.command())
                  + "' started a JVM of its own"
                  + " although a server was running: can bash reach it over /dev/tcp?");
        }
        try (Stream<String> lines = Files.lines(work.resolve("out.txt"))) {
          rows = lines.count();
        }
      }
      return new Times(seconds, rows);
    } finally {
      server.destroy();
      try {
        server.onExit().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        server.destroyForcibly();
      }
    }
  }

  private static ProcessBuilder builder(Path launcher, String[] args, Path output) {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(output.toFile())
            .redirectError(output.resolveSibling("err.txt").toFile());
    builder.environment().remove(Phases.ENV);
    builder.environment().remove("STEPINDEX_SERVER");
    return builder;
  }

  /** Waits for {@code process}; one that fails or prints on stderr is an error. */
  private static void check(ProcessBuilder builder, Process process, Path output)
      throws IOException {
    int exit = waitFor(process);
    String stderr = Files.readString(output.resolveSibling("err.txt"));
    if (exit != 0 || !stderr.isEmpty()) {
      throw new StepIndexException(
          "'"
              + String.join(" ", builder.command())
              + "' exited "
              + exit
              + " printing on"
              + " stderr: "
              + stderr.lines().findFirst().orElse(""));
    }
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
  }

  private void printWarm(PrintWriter out, Times warm, Times cold) {
    out.printf(
        Locale.ROOT,
        "%ncount warm (serve --background, /dev/tcp, no JVM): first %.3f s, p50 %.3f s, p90 %.3f s;"
            + " cold p50 %.3f s, %.1fx; target warm p50 <= 0.050 s: %s%n",
        warm.first(),
        warm.quantile(0.5),
        warm.quantile(0.9),
        cold.quantile(0.5),
        cold.quantile(0.5) / warm.quantile(0.5),
        verdict(warm.quantile(0.5) <= 0.050));
    out.flush();
  }

  private void printPhases(PrintWriter out, Map<String, double[]> phases) {
    double total = 0;
    Map<String, Double> p50 = new LinkedHashMap<>();
    for (String name : PHASE_NAMES.keySet()) {
      double[] ms = phases.get(name).clone();
      Arrays.sort(ms);
      p50.put(name, ms[ms.length / 2]);
      total += ms[ms.length / 2];
    }
    out.printf(
        Locale.ROOT,
        "%nwhere a cold count's time goes (%d runs with the cache, p50 of each phase)%n",
        runs);
    out.printf(Locale.ROOT, "%-36s %9s %7s%n", "phase", "ms", "share");
    for (Map.Entry<String, Double> phase : p50.entrySet()) {
      out.printf(
          Locale.ROOT,
          "%-36s %9.1f %6.1f%%%n",
          PHASE_NAMES.get(phase.getKey()),
          phase.getValue(),
          total > 0 ? 100 * phase.getValue() / total : 0);
    }
    double[] classes = phases.get("classes").clone();
    double[] shared = phases.get("shared").clone();
    Arrays.sort(classes);
    Arrays.sort(shared);
    out.printf(
        Locale.ROOT,
        "%-36s %9.1f%nclasses loaded from class files %.0f, from the start-up cache %.0f"
            + " (-1: not published by this JVM)%n",
        "sum of the p50s",
        total,
        classes[classes.length / 2],
        shared[shared.length / 2]);
    out.flush();
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
