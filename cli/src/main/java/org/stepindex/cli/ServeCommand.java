package org.stepindex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.Verifier;
import org.stepindex.serve.CommandRunner;
import org.stepindex.serve.IndexSet;
import org.stepindex.serve.QueryServer;
import org.stepindex.serve.ServerAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stepindex serve}: the query commands over HTTP/JSON, for notebooks and scripts. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve one or more indexes over HTTP/JSON until stopped (Ctrl-C or SIGTERM). Prints 'serving DIR on"
          + " http://HOST:PORT' when ready. Every answer is what the matching command prints with --format json.",
      "",
      "  GET  /count?q=QUERY&step=S[&view=V]          (or &from=A&to=B)  one row, as 'count'",
      "  GET  /timeline?q=QUERY[&steps=pythia|every:N|LIST][&view=V]   {query, view, steps, sequences, occurrences}",
      "  GET  /cooccur?a=A&b=B&step=S[&window=K][&view=V] (or &from=A&to=B)  one row, as 'cooccur'",
      "  POST /batch  {\"queries\": [...], \"steps\": [...] | \"pythia\", \"view\": V}  NDJSON rows, streamed",
      "  GET  /stats                                  as 'stats --json'",
      "",
      "Each takes &index=NAME to pick an index (default: the first). Errors: {\"error\": \"...\"} with 400 for a bad"
          + " query, step or parameter, 404 for an unknown path or index; the server keeps serving. Request bodies"
          + " are limited to 1 MiB.",
      "",
      "While it runs it writes its address into each index directory ("
          + ServerAddress.FILE
          + ", readable by its"
          + " user only, removed when it stops), and ./stepindex count, timeline, cooccur, stats, find, exposures and"
          + " next on that index are answered by it (the launcher posts the command over bash's /dev/tcp), printing exactly what they print without it, with"
          + " no JVM started"
          + " (STEPINDEX_SERVER=off: never). Before it says it is ready it runs a few hundred counts of its own"
          + " (at most 1.5 s), so that its first answers are as quick as later ones.",
    },
    footer = {
      "",
      "Examples:",
      "  stepindex serve --index pile.idx",
      "  stepindex serve --index pile.idx --verify",
      "  stepindex serve --index pile.idx --background --port 0",
      "  stepindex serve --index pile=pile.idx --index swapped=pile-swapped.idx --port 0",
      "  curl 'http://127.0.0.1:8741/count?q=%%22barack+obama%%22&step=13000'",
    })
final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--index",
      required = true,
      paramLabel = "[NAME=]DIR",
      description =
          "An index to serve, named NAME (default: the directory's name); repeat for several. The first"
              + " is the default.")
  List<String> indexes;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, loopback only).")
  String host = "127.0.0.1";

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Port (default: ${DEFAULT-VALUE}; 0: a free port, printed).")
  int port = 8741;

  @Option(
      names = "--verify",
      description =
          "Before serving, check every index as 'stepindex verify --index DIR'"
              + " does (checksums, manifest against shards, match caches); a damaged one is listed and nothing is served.")
  boolean verify;

  @Option(
      names = "--background",
      description =
          "Start the server as a process of its own, detached from this"
              + " terminal, and return once it answers, printing its ready lines and its process id (stop it with kill PID).")
  boolean background;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException, IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (background) {
      return new BackgroundServer(arguments(), indexes.size(), out, err).start();
    }
    IndexSet set = IndexSet.open(indexes);
    if (verify && !verified(set, err)) {
      set.close();
      return 1;
    }
    ServedRuns runs = new ServedRuns(byRealDirectory(set));
    warmUp(set, runs);
    QueryServer server;
    try {
      server =
          QueryServer.start(
              set,
              host,
              port,
              line -> {
                err.println("stepindex serve: " + line);
                err.flush();
              },
              runs);
    } catch (RuntimeException e) {
      set.close();
      throw e;
    }
    List<Path> addressed = writeAddresses(set, server, err);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  addressed.forEach(dir -> ServerAddress.remove(dir, server.token()));
                  server.close();
                  set.close();
                  stopped.countDown();
                },
                "stepindex-serve-stop"));
    List<String> names = set.names();
    for (String name : names) {
      out.println(
          "serving "
              + set.dir(name)
              + " on "
              + server.url()
              + (names.size() > 1 ? " as index=" + name : ""));
    }
    out.flush();
    stopped.await();
    return 0;
  }

  /**
   * Runs the launcher's most common command line, a count at a checkpoint in each format, a few
   * hundred times in this process before the server says it is ready, so that the JIT has compiled
   * the path a warm query takes: in a fresh server without it, the first queries took 10–15 ms each
   * in the server, those after a hundred about 4 ms. Each run counts another word, so each takes
   * the path of a query never asked; what they print is dropped. Bounded by {@value #WARM_UP_RUNS}
   * runs and {@value #WARM_UP_MILLIS} ms.
   */
  private static void warmUp(IndexSet set, ServedRuns runs) {
    long deadline = System.nanoTime() + WARM_UP_MILLIS * 1_000_000L;
    Path cwd = Path.of("").toAbsolutePath();
    String[] formats = {"table", "json", "csv"};
    for (int i = 0; i < WARM_UP_RUNS && System.nanoTime() < deadline; i++) {
      for (String name : set.names()) {
        runs.run(
            new CommandRunner.Invocation(
                List.of(
                    "count",
                    "--index",
                    set.dir(name).toString(),
                    "--step",
                    "1",
                    "--format",
                    formats[i % formats.length],
                    "warmup" + i),
                cwd));
      }
    }
  }

  private static final int WARM_UP_RUNS = 300;

  private static final long WARM_UP_MILLIS = 1500;

  /** This command line, less {@code --background}: what the background process runs. */
  private List<String> arguments() {
    List<String> args = new ArrayList<>(List.of("serve"));
    for (String index : indexes) {
      args.addAll(List.of("--index", index));
    }
    args.addAll(List.of("--host", host, "--port", Integer.toString(port)));
    if (verify) {
      args.add("--verify");
    }
    return args;
  }

  /** Each served index by its real directory, however a command line names it. */
  private static Map<Path, FrequencyIndex> byRealDirectory(IndexSet set) {
    Map<Path, FrequencyIndex> byDir = new LinkedHashMap<>();
    for (String name : set.names()) {
      try {
        byDir.putIfAbsent(set.dir(name).toRealPath(), set.index(name));
      } catch (IOException e) {
        // opened a moment ago: gone since, so no command line can name it
      }
    }
    return byDir;
  }

  /**
   * Tells the launcher where this server answers for each index ({@link ServerAddress}); an index
   * directory this process cannot write is served all the same, without the launcher's warm path,
   * said in one line.
   */
  private static List<Path> writeAddresses(IndexSet set, QueryServer server, PrintWriter err) {
    List<Path> written = new ArrayList<>();
    long pid = ProcessHandle.current().pid();
    for (String name : set.names()) {
      Path dir = set.dir(name);
      try {
        ServerAddress.write(dir, server.url(), pid, server.token());
        written.add(dir);
      } catch (IOException | RuntimeException e) {
        err.println(
            "stepindex serve: cannot write "
                + dir.resolve(ServerAddress.FILE)
                + " ("
                + e.getMessage()
                + "): ./stepindex commands on "
                + dir
                + " will not find this server and start a JVM of their own");
      }
    }
    err.flush();
    return written;
  }

  /**
   * Verifies each index, printing its summary (and any problems, one line each) on stderr; true
   * when all are intact.
   */
  private static boolean verified(IndexSet set, PrintWriter err) {
    boolean clean = true;
    for (String name : set.names()) {
      Verifier.Report report = new Verifier(set.dir(name), null, false, done -> {}).verify();
      report.problems().forEach(problem -> err.println("stepindex serve: " + problem.line()));
      err.println("stepindex serve: " + report.summary());
      clean &= report.clean();
    }
    if (!clean) {
      err.println(
          "stepindex: not serving a damaged index; repair it as listed above (stepindex verify --index DIR"
              + " --repair, then the index command it prints)");
    }
    err.flush();
    return clean;
  }
}
