package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.serve.IndexSet;
import org.stepindex.serve.QueryServer;

/**
 * {@code stepindex serve} answers byte for byte what the CLI prints with {@code --format json} for
 * the same index and arguments (count, cooccur, batch = count --queries, stats = stats --json;
 * timeline as parallel arrays of the CLI's rows), refuses bad requests with the CLI's one-line
 * message as JSON and keeps serving, answers concurrent requests correctly, and as a command prints
 * its ready line and stops cleanly on SIGTERM.
 */
class ServeCommandTest {
  private static final String[] QUERIES = {
    "zorblax", "the", "\"quasar nebula\"", "vorpal -the", "+galaxy +of"
  };
  private static final long[] STEPS = {0, 1, 5, 16, 20, 37, 38};

  private static SmallCorpus corpus;
  private static IndexSet indexes;
  private static QueryServer server;
  private static final List<String> logged = new ArrayList<>();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    corpus = SmallCorpus.get();
    indexes = IndexSet.open(List.of(corpus.index.toString(), "again=" + corpus.index));
    server =
        QueryServer.start(
            indexes,
            "127.0.0.1",
            0,
            line -> {
              synchronized (logged) {
                logged.add(line);
              }
            });
  }

  @AfterAll
  static void stop() {
    server.close();
    indexes.close();
    assertEquals(List.of(), logged, "no internal errors");
  }

  private static HttpResponse<String> get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(server.url().resolve(pathAndQuery)).build());
  }

  private static HttpResponse<String> post(String path, String body) {
    return send(
        HttpRequest.newBuilder(server.url().resolve(path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String ok(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response::body);
    return response.body();
  }

  private static String index() {
    return corpus.index.toString();
  }

  @Test
  void countIsWhatTheCliPrints() {
    for (String query : QUERIES) {
      for (long step : STEPS) {
        String cli =
            CliRun.of("count", "--index", index(), "--step", "" + step, "--format", "json", query)
                .ok()
                .out();
        assertEquals(cli, ok(get("/count?q=" + q(query) + "&step=" + step)), query + " @" + step);
      }
    }
    assertEquals(
        CliRun.of(
                "count",
                "--index",
                index(),
                "--from",
                "3",
                "--to",
                "21",
                "--format",
                "json",
                "zorblax")
            .ok()
            .out(),
        ok(get("/count?q=zorblax&from=3&to=21")));
    assertEquals(
        CliRun.of(
                "count",
                "--index",
                index(),
                "--step",
                "20",
                "--view",
                "pythia-numbers",
                "--format",
                "json",
                "7")
            .ok()
            .out(),
        ok(get("/count?q=7&step=20&view=pythia-numbers&index=again")));
  }

  @Test
  void batchStreamsWhatCountWithAQueryFilePrints() throws IOException {
    Path file = tmp.resolve("queries.txt");
    Files.writeString(file, String.join("\n", QUERIES) + "\n");
    String cli =
        CliRun.of(
                "count",
                "--index",
                index(),
                "--queries",
                file.toString(),
                "--steps",
                "0,1,5,16,20,37,38",
                "--format",
                "json")
            .ok()
            .out();
    StringBuilder body = new StringBuilder("{\"queries\": [");
    for (int i = 0; i < QUERIES.length; i++) {
      body.append(i == 0 ? "" : ", ").append(TextNode.valueOf(QUERIES[i]));
    }
    body.append("], \"steps\": [0, 1, 5, 16, 20, 37, 38]}");
    HttpResponse<String> response = post("/batch", body.toString());
    assertEquals(
        "application/x-ndjson; charset=utf-8",
        response.headers().firstValue("Content-Type").orElse(""));
    assertEquals(cli, ok(response));
    assertEquals(QUERIES.length * STEPS.length, cli.lines().count());

    String pythia =
        CliRun.of(
                "count",
                "--index",
                index(),
                "--queries",
                file.toString(),
                "--steps",
                "pythia",
                "--view",
                "text",
                "--format",
                "json")
            .ok()
            .out();
    assertEquals(
        pythia,
        ok(
            post(
                "/batch",
                body.toString()
                    .replace("[0, 1, 5, 16, 20, 37, 38]", "\"pythia\"")
                    .replace("{", "{\"view\": \"text\", "))));
  }

  @Test
  void timelineHoldsTheCliRowsAsArrays() {
    for (String steps : new String[] {null, "pythia", "every:4", "0,3,38"}) {
      List<String> args =
          new ArrayList<>(
              List.of("timeline", "--index", index(), "--format", "json", "\"quasar nebula\""));
      if (steps != null) {
        args.addAll(List.of("--steps", steps));
      }
      List<JsonNode> rows = CliRun.of(args.toArray(String[]::new)).ok().jsonLines();
      JsonNode t =
          CliRun.json(
              ok(
                  get(
                      "/timeline?q="
                          + q("\"quasar nebula\"")
                          + (steps == null ? "" : "&steps=" + q(steps)))));
      assertEquals("\"quasar nebula\"", t.get("query").textValue());
      assertEquals("text", t.get("view").textValue());
      assertEquals(rows.size(), t.get("steps").size());
      for (int i = 0; i < rows.size(); i++) {
        assertEquals(rows.get(i).get("step").asLong(), t.get("steps").get(i).asLong());
        assertEquals(rows.get(i).get("sequences").asLong(), t.get("sequences").get(i).asLong());
        assertEquals(rows.get(i).get("occurrences").asLong(), t.get("occurrences").get(i).asLong());
      }
    }
  }

  @Test
  void cooccurAndStatsAreWhatTheCliPrints() {
    assertEquals(
        CliRun.of(
                "cooccur", "--index", index(), "--step", "30", "--format", "json", "galaxy", "the")
            .ok()
            .out(),
        ok(get("/cooccur?a=galaxy&b=the&step=30")));
    assertEquals(
        CliRun.of(
                "cooccur",
                "--index",
                index(),
                "--from",
                "2",
                "--to",
                "38",
                "--window",
                "4",
                "--format",
                "json",
                "\"quasar nebula\"",
                "of")
            .ok()
            .out(),
        ok(get("/cooccur?a=" + q("\"quasar nebula\"") + "&b=of&from=2&to=38&window=4")));
    assertEquals(CliRun.of("stats", "--index", index(), "--json").ok().out(), ok(get("/stats")));
  }

  @Test
  void badRequestsGetTheCliMessageAsOneJsonLineAndTheServerKeepsServing() {
    String[][] cases = {
      {"/count?q=" + q("\"unclosed") + "&step=1", "count", "--step", "1", "\"unclosed"},
      {"/count?q=zorblax&step=39", "count", "--step", "39", "zorblax"},
      {"/count?q=12x&step=1&view=tokens", "count", "--step", "1", "--view", "tokens", "12x"},
      {"/count?q=zorblax&from=9&to=3", "count", "--from", "9", "--to", "3", "zorblax"},
      {"/timeline?q=zorblax&steps=every:x", "timeline", "--steps", "every:x", "zorblax"},
    };
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of(c[1], "--index", index()));
      args.addAll(List.of(c).subList(2, c.length));
      String message = CliRun.of(args.toArray(String[]::new)).userError();
      assertError(400, message, get(c[0]));
    }
    assertError(404, null, get("/nothing"));
    assertError(
        404,
        "no index named 'nope' (serving index, again)",
        get("/count?q=zorblax&step=1&index=nope"));
    assertError(
        400,
        "unknown parameter 'stp' for /count (it takes from, index, q, step, to, view)",
        get("/count?q=zorblax&stp=1"));
    assertError(400, "/count needs the parameter 'q'", get("/count?step=1"));
    assertError(400, "parameter 'step' is 'x', not a whole number", get("/count?q=a&step=x"));
    assertError(405, "/batch takes POST, not GET", get("/batch"));
    assertError(
        400, null, post("/batch", "{\"queries\": [\"zorblax\"], \"steps\": [1], \"extra\": 1}"));
    assertError(400, null, post("/batch", "not json"));
    assertError(
        400,
        "step 99 is beyond the data, which ends at step 38 (batch size 16)",
        post("/batch", "{\"queries\": [\"zorblax\", \"the\"], \"steps\": [1, 99]}"));
    assertError(
        413,
        null,
        post("/batch", "{\"queries\": [\"" + "a".repeat(QueryServer.MAX_BODY_BYTES) + "\"]}"));
    assertEquals(
        CliRun.of("count", "--index", index(), "--step", "16", "--format", "json", "zorblax")
            .ok()
            .out(),
        ok(get("/count?q=zorblax&step=16")));
  }

  private static void assertError(int status, String message, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response::body);
    assertEquals(1, response.body().lines().count(), response::body);
    assertTrue(response.body().endsWith("\n"));
    JsonNode node = CliRun.json(response.body());
    assertEquals(1, node.size(), response::body);
    assertTrue(node.get("error").isTextual(), response::body);
    if (message != null) {
      assertEquals(message, node.get("error").textValue());
    }
    assertFalse(
        response.body().contains("Exception") || response.body().contains("at org."),
        response::body);
  }

  @Test
  void concurrentRequestsGetTheSerialAnswers() throws Exception {
    List<String> paths = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (String query : QUERIES) {
      for (long step : STEPS) {
        String path = "/count?q=" + q(query) + "&step=" + step;
        paths.add(path);
        expected.add(
            CliRun.of("count", "--index", index(), "--step", "" + step, "--format", "json", query)
                .ok()
                .out());
        paths.add(path + "&index=again");
        expected.add(expected.getLast());
      }
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      List<Future<String>> answers = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (String path : paths) {
          answers.add(pool.submit(() -> ok(get(path))));
        }
      }
      for (int i = 0; i < answers.size(); i++) {
        assertEquals(
            expected.get(i % paths.size()), answers.get(i).get(), paths.get(i % paths.size()));
      }
    }
  }

  /**
   * The command as the launcher runs it, with --verify: the verification's summary on stderr, the
   * ready line with the free port, answers, SIGTERM, nothing else on stderr.
   */
  @Test
  void theCommandPrintsItsReadyLineServesAndStopsOnSigterm() throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve",
            "--index",
            index(),
            "--port",
            "0",
            "--verify");
    Process process =
        new ProcessBuilder(command).redirectError(tmp.resolve("serve.err").toFile()).start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String ready = out.readLine();
      assertTrue(
          ready != null
              && ready.matches(
                  "serving " + Pattern.quote(index()) + " on http://127\\.0\\.0\\.1:[0-9]+"),
          ready);
      URI url = URI.create(ready.substring(ready.indexOf(" on ") + 4));
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(url.resolve("/count?q=zorblax&step=16")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(
          CliRun.of("count", "--index", index(), "--step", "16", "--format", "json", "zorblax")
              .ok()
              .out(),
          response.body());
      process.destroy(); // SIGTERM
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stopped on SIGTERM");
      // --verify checked the index first: its summary is the only line on stderr.
      List<String> err = Files.readAllLines(tmp.resolve("serve.err"));
      assertEquals(1, err.size(), err::toString);
      assertTrue(
          err.getFirst().startsWith("stepindex serve: index " + index() + " is intact: checked "),
          err::toString);
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void aPortInUseIsAUserError() {
    int port = server.address().getPort();
    String message = CliRun.of("serve", "--index", index(), "--port", "" + port).userError();
    assertTrue(message.startsWith("cannot listen on 127.0.0.1:" + port), message);
    assertTrue(
        CliRun.of("serve", "--index", index(), "--index", index())
            .userError()
            .startsWith("two indexes are named 'index'"));
  }
}
