package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stepindex.cli.SmallCorpus.assertCount;
import static org.stepindex.cli.SmallCorpus.truthAt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.stepindex.corpora.PlantedTerm;

/**
 * {@code count} with one query: the output contract of each format, and the numbers against
 * planted.json.
 */
class CountCommandTest {
  private static final String PHRASE = "\"quasar nebula\"";

  private static SmallCorpus corpus;

  @BeforeAll
  static void build() {
    corpus = SmallCorpus.get();
  }

  private static CliRun count(String... args) {
    return CliRun.of(
        CliRun.concat(new String[] {"count", "--index", corpus.index.toString()}, args));
  }

  /**
   * Quotes and a slop must come back byte for byte: scripts join the output with their input on
   * this field.
   */
  @Test
  void jsonIsOneObjectWithTheContractFieldsAndTheQueryEchoedExactly() {
    String query = PHRASE + "~5";
    JsonNode row = count("--step", "16", query, "--format", "json").ok().onlyJsonObject();
    assertEquals(
        List.of("query", "view", "step", "sequences", "occurrences"), CliRun.fieldNames(row));
    long[] truth = truthAt(corpus.planted(PHRASE), 16);
    assertAll(
        () -> assertEquals(query, row.get("query").textValue()),
        () -> assertEquals("text", row.get("view").textValue()),
        () -> assertTrue(row.get("step").isIntegralNumber(), row::toString),
        () -> assertTrue(row.get("sequences").isIntegralNumber(), row::toString),
        () -> assertTrue(row.get("occurrences").isIntegralNumber(), row::toString),
        () -> assertEquals(16, row.get("step").longValue()),
        // the two planted words only ever occur together, so the proximity query counts what the
        // phrase counts
        () -> assertEquals(truth[0], row.get("sequences").longValue()),
        () -> assertEquals(truth[1], row.get("occurrences").longValue()));
  }

  @Test
  void everyPlantedTermEqualsTheTruthAtEveryCheckpoint() {
    List<Executable> checks = new ArrayList<>();
    for (PlantedTerm term : corpus.planted) {
      for (long step : term.steps()) {
        checks.add(
            () ->
                assertCount(
                    truthAt(term, step),
                    corpus.count("--step", "" + step, term.text()),
                    term.text() + " at step " + step));
      }
    }
    assertAll(checks);
  }

  @Test
  void nothingIsCountedBeforeATermsFirstStep() {
    PlantedTerm vorpal = corpus.planted("vorpal");
    assertCount(
        new long[] {0, 0},
        corpus.count("--step", "" + vorpal.firstStep(), "vorpal"),
        "vorpal before it is planted");
    long[] oneStepLater = corpus.count("--step", "" + (vorpal.firstStep() + 1), "vorpal");
    assertTrue(oneStepLater[0] > 0, "vorpal is in its first step's sequences");
  }

  @Test
  void aRangeReportsFromAndToAndCountsTheDifferenceOfTwoCheckpoints() {
    JsonNode row =
        count("--from", "4", "--to", "32", "zorblax", "--format", "json").ok().onlyJsonObject();
    assertEquals(
        List.of("query", "view", "from", "to", "sequences", "occurrences"), CliRun.fieldNames(row));
    PlantedTerm zorblax = corpus.planted("zorblax");
    long[] at32 = truthAt(zorblax, 32);
    long[] at4 = truthAt(zorblax, 4);
    assertAll(
        () -> assertEquals(4, row.get("from").longValue()),
        () -> assertEquals(32, row.get("to").longValue()),
        () -> assertEquals(at32[0] - at4[0], row.get("sequences").longValue()),
        () -> assertEquals(at32[1] - at4[1], row.get("occurrences").longValue()));
  }

  /** A query holding quotes is a CSV field that must be quoted, its quotes doubled (RFC 4180). */
  @Test
  void csvIsAHeaderAndOneRowWithTheQueryQuoted() {
    long[] truth = truthAt(corpus.planted(PHRASE), 32);
    CliRun run = count("--step", "32", PHRASE, "--format", "csv").ok();
    assertEquals(
        List.of(
            "query,view,step,sequences,occurrences",
            "\"\"\"quasar nebula\"\"\",text,32," + truth[0] + "," + truth[1]),
        run.outLines());
  }

  /**
   * The table is for reading: a header and a row, numbers right-aligned under their column names.
   */
  @Test
  void tableIsAHeaderAndARowWithNumbersUnderTheirColumns() {
    long[] truth = truthAt(corpus.planted("galaxy"), 38);
    List<String> lines = count("--step", "38", "galaxy").ok().outLines();
    assertEquals(2, lines.size(), lines::toString);
    String header = lines.get(0);
    String row = lines.get(1);
    assertEquals(
        List.of("query", "view", "step", "sequences", "occurrences"), List.of(header.split(" +")));
    assertEquals(
        List.of("galaxy", "text", "38", "" + truth[0], "" + truth[1]), List.of(row.split(" +")));
    assertEquals(
        header.length(), row.length(), "the last column (a number) ends where its name ends");
    int sequencesEnd = header.indexOf("sequences") + "sequences".length();
    assertEquals(' ', row.charAt(sequencesEnd), "nothing of 'sequences' spills past its column");
    assertTrue(row.substring(0, sequencesEnd).endsWith(" " + truth[0]), "right-aligned: " + row);
  }
}
