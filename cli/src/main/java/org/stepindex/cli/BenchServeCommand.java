package org.stepindex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.stepindex.bench.BenchIndex;
import org.stepindex.bench.Machine;
import org.stepindex.bench.serve.LoadGenerator;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.rows.Answers;
import org.stepindex.query.rows.JsonRows;
import org.stepindex.query.rows.StepList;
import org.stepindex.query.rows.When;
import org.stepindex.serve.IndexSet;
import org.stepindex.serve.QueryServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stepindex bench-serve}: requests/s and latency of {@code stepindex serve} on loopback. */
@Command(
    name = "bench-serve",
    mixinStandardHelpOptions = true,
    description = {
      "Load test of 'stepindex serve' on loopback: a server over the index in this process, driven by --clients"
          + " concurrent clients (each a thread with a keep-alive connection) sending GET /count for number terms at"
          + " checkpoints, for at most --requests requests and --seconds seconds. Reports requests/s, p50/p99 latency"
          + " and errors: the first second of a fresh server (cold) first, then 1 client and --clients clients.",
      "Baseline in the same run: the same answers computed and rendered in-process on one thread (what a request"
          + " costs without HTTP). Every answer is first checked against the in-process one. Without --index a"
          + " synthetic index is built first.",
    })
final class BenchServeCommand implements Callable<Integer> {
  @Option(
      names = "--index",
      paramLabel = "DIR",
      description = "Index to serve (default: a synthetic one, built and deleted).")
  Path index;

  @Option(
      names = "--clients",
      paramLabel = "N",
      description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
  int clients = 8;

  @Option(
      names = "--requests",
      paramLabel = "N",
      description = "Requests per measured phase, at most (default: ${DEFAULT-VALUE}).")
  long requests = 100_000;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      description = "Seconds per measured phase, at most (default: ${DEFAULT-VALUE}).")
  double seconds = 5;

  @Option(
      names = "--terms",
      paramLabel = "N",
      description = "Number terms 1..N asked (default: ${DEFAULT-VALUE}).")
  int terms = 200;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (clients < 1 || requests < 1 || seconds <= 0 || terms < 1) {
      throw new StepIndexException("--clients, --requests, --seconds and --terms must be positive");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (BenchIndex bench = BenchIndex.of(index, 16384, err);
        IndexSet set = IndexSet.open(List.of(bench.dir().toString()));
        FrequencyIndex direct = FrequencyIndex.open(bench.dir())) {
      long[] checkpoints = StepList.resolve(direct.manifest().shardSchedule(), direct);
      List<String> queries = BenchIndex.numberTerms(terms);
      Random random = new Random(42);
      List<String> paths = new ArrayList<>();
      List<String[]> asked = new ArrayList<>();
      for (int i = 0; i < 4096; i++) {
        String q = queries.get(random.nextInt(queries.size()));
        long step = checkpoints[random.nextInt(checkpoints.length)];
        paths.add("/count?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&step=" + step);
        asked.add(new String[] {q, Long.toString(step)});
      }
      double inProcess = inProcess(direct, asked);
      List<String[]> table = new ArrayList<>();
      try (QueryServer server =
          QueryServer.start(set, "127.0.0.1", 0, line -> err.println("bench-serve: " + line))) {
        URI url = server.url();
        err.println(
            "bench: serving "
                + bench.dir()
                + " on "
                + url
                + "; checking answers against the in-process ones");
        err.flush();
        LoadGenerator.Report cold = LoadGenerator.run(url, paths, clients, requests, 1.0);
        check(url, paths.subList(0, 256), asked.subList(0, 256), direct);
        LoadGenerator.Report one = LoadGenerator.run(url, paths, 1, requests, seconds);
        LoadGenerator.Report many = LoadGenerator.run(url, paths, clients, requests, seconds);
        table.add(row("first second of a fresh server", cold, inProcess));
        table.add(row("1 client", one, inProcess));
        table.add(row(clients + " clients", many, inProcess));
        out.println(Machine.current().line());
        out.printf(
            Locale.ROOT,
            "%-32s %8s %9s %7s %10s %9s %9s %10s%n",
            "GET /count, term at a checkpoint",
            "clients",
            "requests",
            "errors",
            "req/s",
            "p50 us",
            "p99 us",
            "x in-proc");
        for (String[] r : table) {
          out.printf(Locale.ROOT, "%-32s %8s %9s %7s %10s %9s %9s %10s%n", (Object[]) r);
        }
        out.printf(
            Locale.ROOT,
            "%nbaseline: the same answers in-process on one thread, %,.0f answers/s (%.1f us each)%n",
            inProcess,
            1e6 / inProcess);
        out.printf(
            Locale.ROOT,
            "targets (%d clients): >= 5,000 req/s: %s (%,.0f); p99 <= 10 ms: %s (%.2f ms); no errors:"
                + " %s (%d)%s%n",
            clients,
            many.perSecond() >= 5000 ? "met" : "MISSED",
            many.perSecond(),
            many.p99Micros() <= 10_000 ? "met" : "MISSED",
            many.p99Micros() / 1000,
            many.errors() == 0 && cold.errors() == 0 && one.errors() == 0 ? "met" : "MISSED",
            many.errors() + cold.errors() + one.errors(),
            many.firstError() == null ? "" : "; first error: " + many.firstError());
        out.flush();
      }
    }
    return 0;
  }

  /**
   * Answers/s of the request mix computed and rendered on one thread in this process, after one
   * warm-up pass.
   */
  private static double inProcess(FrequencyIndex index, List<String[]> asked) {
    double rate = 0;
    for (int pass = 0; pass < 3; pass++) {
      long start = System.nanoTime();
      long n = 0;
      while (System.nanoTime() - start < 500_000_000L) {
        for (String[] a : asked) {
          answer(index, a);
          n++;
        }
      }
      rate = n / ((System.nanoTime() - start) / 1e9);
    }
    return rate;
  }

  private static String answer(FrequencyIndex index, String[] a) {
    StringBuilder line = new StringBuilder();
    Answers.count(
        index,
        a[0],
        index.compile("text", a[0]),
        When.Steps.at(Long.parseLong(a[1])),
        row -> line.append(JsonRows.line(row)).append('\n'));
    return line.toString();
  }

  private static void check(URI url, List<String> paths, List<String[]> asked, FrequencyIndex index)
      throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newHttpClient()) {
      for (int i = 0; i < paths.size(); i++) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(url.resolve(paths.get(i))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().equals(answer(index, asked.get(i)))) {
          throw new StepIndexException(
              "the server answered "
                  + paths.get(i)
                  + " with "
                  + r.statusCode()
                  + " "
                  + r.body().strip()
                  + ", not what the engine answers: "
                  + answer(index, asked.get(i)).strip());
        }
      }
    }
  }

  private static String[] row(String name, LoadGenerator.Report r, double inProcess) {
    return new String[] {
      name,
      "" + r.clients(),
      String.format(Locale.ROOT, "%,d", r.requests()),
      "" + r.errors(),
      String.format(Locale.ROOT, "%,.0f", r.perSecond()),
      String.format(Locale.ROOT, "%.0f", r.p50Micros()),
      String.format(Locale.ROOT, "%.0f", r.p99Micros()),
      String.format(Locale.ROOT, "%.3f", r.perSecond() / inProcess),
    };
  }
}
