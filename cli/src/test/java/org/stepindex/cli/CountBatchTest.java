package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code count --queries FILE --steps LIST}: one row per query x step, each what a single {@code
 * count} prints.
 */
class CountBatchTest {
  /**
   * Single terms (answered from term statistics) and queries that walk postings, with steps inside
   * shards.
   */
  private static final List<String> QUERIES =
      List.of("zorblax", "\"quasar nebula\"", "galaxy -zorblax", "\"plus 7\"~2");

  private static SmallCorpus corpus;
  private static Path queriesFile;

  @TempDir static Path dir;

  @BeforeAll
  static void build() throws IOException {
    corpus = SmallCorpus.get();
    queriesFile = dir.resolve("queries.txt");
    // comments and blank lines are not queries
    List<String> lines = new ArrayList<>(List.of("# planted terms and arithmetic", ""));
    lines.addAll(QUERIES);
    Files.write(queriesFile, lines);
  }

  private static CliRun batch(String steps, String format) {
    return CliRun.of(
            "count",
            "--index",
            corpus.index.toString(),
            "--queries",
            queriesFile.toString(),
            "--steps",
            steps,
            "--format",
            format)
        .ok();
  }

  /** The rows {@code count --step S QUERY --format json} prints for each query, then each step. */
  private static List<JsonNode> singleCounts(long... steps) {
    List<JsonNode> rows = new ArrayList<>();
    for (String query : QUERIES) {
      for (long step : steps) {
        rows.add(
            CliRun.of(
                    "count",
                    "--index",
                    corpus.index.toString(),
                    "--step",
                    "" + step,
                    query,
                    "--format",
                    "json")
                .ok()
                .onlyJsonObject());
      }
    }
    return rows;
  }

  @Test
  void jsonBatchPrintsOneObjectPerQueryAndStepEqualToSingleCounts() {
    assertEquals(singleCounts(0, 4, 17, 37), batch("0,4,17,37", "json").jsonLines());
  }

  @Test
  void pythiaStepsAreTheCheckpointsTheIndexCovers() {
    assertEquals(singleCounts(0, 1, 2, 4, 8, 16, 32), batch("pythia", "json").jsonLines());
  }

  @Test
  void everyNStepsStartsAtZero() {
    assertEquals(singleCounts(0, 10, 20, 30), batch("every:10", "json").jsonLines());
  }

  @Test
  void csvBatchIsOneHeaderThenARowPerQueryAndStep() {
    List<String> lines = batch("16,38", "csv").outLines();
    List<String> expected = new ArrayList<>(List.of("query,view,step,sequences,occurrences"));
    for (JsonNode row : singleCounts(16, 38)) {
      String query = row.get("query").textValue();
      String field = query.contains("\"") ? "\"" + query.replace("\"", "\"\"") + "\"" : query;
      expected.add(
          String.join(
              ",",
              field,
              "text",
              row.get("step").asText(),
              row.get("sequences").asText(),
              row.get("occurrences").asText()));
    }
    assertEquals(expected, lines);
  }
}
