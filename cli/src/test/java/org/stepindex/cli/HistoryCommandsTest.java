package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.serve.IndexSet;
import org.stepindex.serve.QueryServer;

/**
 * {@code find}, {@code exposures} and {@code next} end to end: their JSON keys, table and CSV,
 * paging with cursors, batches, one-line errors with exit 2, and the server's {@code /find}, {@code
 * /exposures} and {@code /next} answering the CLI's bytes (errors: HTTP 400 with the CLI's line).
 * The numbers themselves are checked against a scan of the {@code .bin} in the query module ({@code
 * org.stepindex.query.history}).
 */
class HistoryCommandsTest {
  private static SmallCorpus corpus;
  private static IndexSet indexes;
  private static QueryServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    corpus = SmallCorpus.get();
    indexes = IndexSet.open(List.of(corpus.index.toString()));
    server =
        QueryServer.start(
            indexes,
            "127.0.0.1",
            0,
            line -> {
              throw new AssertionError(line);
            });
  }

  @AfterAll
  static void stop() {
    server.close();
    indexes.close();
  }

  private static String index() {
    return corpus.index.toString();
  }

  private static CliRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args[0], "--index", index()));
    all.addAll(List.of(args).subList(1, args.length));
    return CliRun.of(all.toArray(String[]::new));
  }

  private static HttpResponse<String> get(String pathAndQuery) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(server.url().resolve(pathAndQuery)).build(),
          HttpResponse.BodyHandlers.ofString());
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

  @Test
  void findListsEveryOccurrenceCountCountsInJsonTableAndCsv() {
    long occurrences = corpus.count("--from", "3", "--to", "38", "the")[1];
    List<JsonNode> rows =
        run("find", "--from", "3", "--to", "38", "--limit", "10000", "--format", "json", "the")
            .ok()
            .jsonLines();
    assertEquals(occurrences, rows.size());
    assertEquals(
        List.of("query", "view", "step", "sequence", "batch_index", "position", "text", "cursor"),
        CliRun.fieldNames(rows.getFirst()));
    for (JsonNode row : rows) {
      assertTrue(row.get("step").asLong() >= 3 && row.get("step").asLong() < 38, row::toString);
      assertEquals(
          row.get("sequence").asLong() % SmallCorpus.BATCH_SIZE, row.get("batch_index").asLong());
      assertTrue(row.get("text").textValue().toLowerCase().contains("the"), row::toString);
    }
    List<String> table = run("find", "--step", "5", "--limit", "3", "the").ok().outLines();
    assertEquals(4, table.size(), table::toString);
    assertTrue(
        table
            .getFirst()
            .matches("query +view +step +sequence +batch_index +position +text +cursor"),
        table.getFirst());
    List<String> csv =
        run("find", "--step", "5", "--limit", "3", "--format", "csv", "the").ok().outLines();
    assertEquals("query,view,step,sequence,batch_index,position,text,cursor", csv.getFirst());
    assertEquals(4, csv.size());
  }

  @Test
  void findPagesWithCursors() {
    List<JsonNode> all =
        run("find", "--step", "38", "--limit", "10000", "--format", "json", "galaxy")
            .ok()
            .jsonLines();
    assertTrue(all.size() > 20, "galaxy is planted often: " + all.size());
    List<JsonNode> paged = new ArrayList<>();
    String after = null;
    while (true) {
      List<String> args =
          new ArrayList<>(List.of("find", "--step", "38", "--limit", "7", "--format", "json"));
      if (after != null) {
        args.addAll(List.of("--after", after));
      }
      args.add("galaxy");
      List<JsonNode> page = run(args.toArray(String[]::new)).ok().jsonLines();
      paged.addAll(page);
      if (page.size() < 7) {
        break;
      }
      after = page.getLast().get("cursor").textValue();
    }
    assertEquals(all.size(), paged.size());
    assertTrue(all.equals(paged), "the pages are the rows of one listing");
  }

  @Test
  void exposuresAnswerOneObjectOrFlatLines() throws IOException {
    JsonNode row =
        run(
                "exposures",
                "--step",
                "20",
                "--nth",
                "1,5",
                "--per",
                "every:8",
                "--format",
                "json",
                "zorblax")
            .ok()
            .onlyJsonObject();
    assertEquals(
        List.of(
            "query",
            "view",
            "step",
            "first_step",
            "nth",
            "last_step",
            "steps_since_last",
            "steps_with",
            "per"),
        CliRun.fieldNames(row));
    assertEquals(List.of("1", "5"), CliRun.fieldNames(row.get("nth")));
    assertEquals(3, row.get("per").size(), "0:8, 8:16, 16:20");
    long inIntervals = 0;
    for (JsonNode interval : row.get("per")) {
      inIntervals += interval.get("occurrences").asLong();
    }
    assertEquals(corpus.count("--step", "20", "zorblax")[1], inIntervals);
    List<String> csv =
        run(
                "exposures",
                "--step",
                "20",
                "--nth",
                "1,5",
                "--per",
                "every:8",
                "--format",
                "csv",
                "zorblax")
            .ok()
            .outLines();
    assertEquals(
        "query,view,step,first_step,nth_1,nth_5,last_step,steps_since_last,steps_with,from,to,sequences,"
            + "occurrences",
        csv.getFirst());
    assertEquals(4, csv.size());
    JsonNode never = run("exposures", "--format", "json", "nothingsuchword").ok().onlyJsonObject();
    assertTrue(
        never.get("first_step").isNull()
            && never.get("last_step").isNull()
            && never.get("steps_since_last").isNull()
            && never.get("nth").get("1").isNull(),
        never::toString);
    assertEquals(SmallCorpus.STEPS, never.get("step").asLong(), "default: all the index covers");

    Path queries = tmp.resolve("queries.txt");
    Files.writeString(queries, "# two queries\nzorblax\n\"quasar nebula\"\n");
    List<JsonNode> batch =
        run("exposures", "--queries", queries.toString(), "--format", "json").ok().jsonLines();
    assertEquals(
        List.of("zorblax", "\"quasar nebula\""),
        batch.stream().map(r -> r.get("query").textValue()).toList());
    Path pairs = tmp.resolve("pairs.tsv");
    Files.writeString(pairs, "galaxy\tthe\n");
    JsonNode pair =
        run("exposures", "--pairs", pairs.toString(), "--format", "json").ok().onlyJsonObject();
    assertEquals(
        List.of(
            "a",
            "b",
            "view",
            "step",
            "first_step",
            "nth",
            "last_step",
            "steps_since_last",
            "steps_with"),
        CliRun.fieldNames(pair));
    assertEquals(pair, run("exposures", "--format", "json", "galaxy", "the").ok().onlyJsonObject());
  }

  @Test
  void nextCountsTheTokensAfterAContext() {
    List<JsonNode> rows =
        run("next", "--step", "38", "--top", "0", "--format", "json", "--encode", " plus")
            .ok()
            .jsonLines();
    assertFalse(rows.isEmpty());
    assertEquals(
        List.of("context", "step", "n", "token", "text", "count", "probability"),
        CliRun.fieldNames(rows.getFirst()));
    double total = 0;
    for (JsonNode row : rows) {
      total += row.get("probability").asDouble();
      assertEquals(rows.getFirst().get("context"), row.get("context"));
    }
    assertEquals(1.0, total, 1e-9);
    String ids =
        rows.getFirst().get("context").toString().replaceAll("[\\[\\]]", "").replace(",", " ");
    assertEquals(
        run("next", "--step", "38", "--top", "0", "--format", "json", "--encode", " plus")
            .ok()
            .out(),
        run("next", "--step", "38", "--top", "0", "--format", "json", ids).ok().out());
    assertEquals(
        3, run("next", "--step", "38", "--top", "2", "--encode", " plus").ok().outLines().size());
  }

  @Test
  void badInputIsOneLineAndExit2() {
    String cursor =
        run("find", "--step", "5", "--limit", "1", "--format", "json", "the")
            .ok()
            .jsonLines()
            .getFirst()
            .get("cursor")
            .textValue();
    String[][] cases = {
      {"find", "--step", "5", "--limit", "0", "the"},
      {"find", "--step", "5", "--limit", "10001", "the"},
      {"find", "--step", "5", "--view", "nope", "the"},
      {"find", "--step", "39", "the"},
      {"find", "--step", "5", "--after", cursor, "galaxy"},
      {"find", "--step", "5", "--after", "bogus", "the"},
      {"find", "--step", "5", "--data", tmp.resolve("nowhere").toString(), "the"},
      {"find", "--step", "5", "\"unclosed"},
      {"exposures", "--nth", "0", "the"},
      {"exposures", "--step", "39", "the"},
      {"exposures", "--per", "every:0", "the"},
      {"exposures", "the", "--queries", "x.txt"},
      {"next", "--step", "5"},
      {"next", "--step", "5", "0", "12"},
      {"next", "--step", "5", "12", "x"},
      {"next", "--step", "39", "12"},
    };
    for (String[] c : cases) {
      String message = run(c).userError();
      assertFalse(message.isBlank(), String.join(" ", c));
    }
  }

  @Test
  void theServerAnswersTheCliBytes() {
    String[][] cases = {
      {
        "/find?q=the&step=20&limit=30&context=2",
        "find",
        "--step",
        "20",
        "--limit",
        "30",
        "--context",
        "2",
        "the"
      },
      {
        "/find?q=" + q("\"quasar nebula\"") + "&from=3&to=38",
        "find",
        "--from",
        "3",
        "--to",
        "38",
        "\"quasar nebula\""
      },
      {
        "/find?q=7&step=38&view=pythia-numbers",
        "find",
        "--step",
        "38",
        "--view",
        "pythia-numbers",
        "7"
      },
      {
        "/exposures?q=zorblax&step=20&nth=1,5&per=every:8",
        "exposures",
        "--step",
        "20",
        "--nth",
        "1,5",
        "--per",
        "every:8",
        "zorblax"
      },
      {"/exposures?a=galaxy&b=the&step=30", "exposures", "--step", "30", "galaxy", "the"},
      {"/exposures?q=nothingsuchword", "exposures", "nothingsuchword"},
      {
        "/next?encode=" + q(" plus") + "&step=38&top=0",
        "next",
        "--step",
        "38",
        "--top",
        "0",
        "--encode",
        " plus"
      },
    };
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of(c).subList(1, c.length));
      args.addAll(List.of("--format", "json"));
      String cli = run(args.toArray(String[]::new)).ok().out();
      HttpResponse<String> response = get(c[0]);
      assertEquals(200, response.statusCode(), response::body);
      assertEquals(cli, response.body(), c[0]);
      assertFalse(cli.isEmpty(), c[0]);
    }
    String[][] errors = {
      {"/find?q=the&step=5&limit=0", "find", "--step", "5", "--limit", "0", "the"},
      {"/find?q=the&step=5&after=bogus", "find", "--step", "5", "--after", "bogus", "the"},
      {"/exposures?q=the&nth=0", "exposures", "--nth", "0", "the"},
      {"/exposures?q=the&step=39", "exposures", "--step", "39", "the"},
      {"/next?context=0+12&step=5", "next", "--step", "5", "0", "12"},
    };
    for (String[] c : errors) {
      String message = run(List.of(c).subList(1, c.length).toArray(String[]::new)).userError();
      HttpResponse<String> response = get(c[0]);
      assertEquals(400, response.statusCode(), response::body);
      assertEquals(message, CliRun.json(response.body()).get("error").textValue(), c[0]);
    }
  }
}
