package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stepindex.cli.SmallCorpus.truthAt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stepindex.corpora.PlantedTerm;

/** {@code timeline}: the cumulative curve, equal point by point to single counts. */
class TimelineCommandTest {
  private static SmallCorpus corpus;

  @BeforeAll
  static void build() {
    corpus = SmallCorpus.get();
  }

  private static List<JsonNode> timeline(String... args) {
    return CliRun.of(
            CliRun.concat(
                new String[] {"timeline", "--index", corpus.index.toString(), "--format", "json"},
                args))
        .ok()
        .jsonLines();
  }

  /**
   * Without --steps the curve is taken at the index's shard schedule: Pythia's checkpoints up to
   * the data's end.
   */
  @Test
  void defaultStepsAreTheCheckpointsAndEqualTheTruth() {
    PlantedTerm zorblax = corpus.planted("zorblax");
    List<JsonNode> rows = timeline("zorblax");
    assertEquals(
        List.of(0L, 1L, 2L, 4L, 8L, 16L, 32L),
        rows.stream().map(r -> r.get("step").longValue()).toList());
    for (JsonNode row : rows) {
      assertEquals(
          List.of("query", "view", "step", "sequences", "occurrences"), CliRun.fieldNames(row));
      long[] truth = truthAt(zorblax, row.get("step").longValue());
      assertEquals(truth[0], row.get("sequences").longValue(), row::toString);
      assertEquals(truth[1], row.get("occurrences").longValue(), row::toString);
    }
  }

  /**
   * Steps that cut shards, for a phrase (a postings walk, cached): cumulative, and each a single
   * count.
   */
  @Test
  void explicitStepsAreCumulativeAndEqualSingleCounts() {
    String phrase = "\"quasar nebula\"";
    List<JsonNode> rows = timeline("--steps", "3,9,12,25,38", phrase);
    assertEquals(5, rows.size());
    long previousSequences = 0;
    long previousOccurrences = 0;
    for (JsonNode row : rows) {
      assertEquals(phrase, row.get("query").textValue());
      long step = row.get("step").longValue();
      long sequences = row.get("sequences").longValue();
      long occurrences = row.get("occurrences").longValue();
      assertTrue(
          sequences >= previousSequences && occurrences >= previousOccurrences,
          "non-decreasing: " + rows);
      SmallCorpus.assertCount(
          corpus.count("--step", "" + step, phrase),
          new long[] {sequences, occurrences},
          "step " + step);
      previousSequences = sequences;
      previousOccurrences = occurrences;
    }
    assertTrue(previousSequences > 0, "the phrase is planted by step 38");
  }

  @Test
  void tableTimelineHasAHeaderAndARowPerStep() {
    List<String> lines =
        CliRun.of("timeline", "--index", corpus.index.toString(), "--steps", "every:16", "vorpal")
            .ok()
            .outLines();
    assertEquals(
        List.of("query", "view", "step", "sequences", "occurrences"),
        List.of(lines.get(0).split(" +")));
    assertEquals(
        List.of("0", "16", "32"), lines.stream().skip(1).map(l -> l.split(" +")[2]).toList());
  }
}
