package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stepindex.cli.CliRun.concat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The entities and bigrams views end to end: {@code index --entities} at build time and {@code
 * index --add-view} later give the same counts; entity counts equal the text view's for one-name
 * entities; {@code cooccur --view entities} equals the text view's co-occurrence of the names;
 * phrases keep their counts through a bigrams view; QA entity files become entity and pair files;
 * mismatches are one-line errors.
 */
class EntitiesCommandTest {
  private static SmallCorpus corpus;
  @TempDir static Path dir;
  static Path entities;
  static Path pairs;
  static Path built;
  static Path added;

  @BeforeAll
  static void build() throws IOException {
    corpus = SmallCorpus.get();
    entities =
        Files.writeString(
            dir.resolve("entities.tsv"),
            "QN\tQuasar Nebula\nGX\tgalaxy\nZB\tzorblax\nVP\tvorpal\n");
    pairs = Files.writeString(dir.resolve("pairs.tsv"), "QN\tGX\nZB\tVP\n");
    built = dir.resolve("built");
    CliRun.of(
            concat(
                new String[] {
                  "index",
                  "--data",
                  corpus.data.toString(),
                  "--tokenizer",
                  corpus.tokenizer.toString(),
                  "--index",
                  built.toString(),
                  "--entities",
                  entities.toString(),
                  "--entity-pairs",
                  pairs.toString(),
                  "--quiet"
                },
                SmallCorpus.layout()))
        .ok();
    added = dir.resolve("added");
    CliRun.of(
            concat(
                new String[] {
                  "index",
                  "--data",
                  corpus.data.toString(),
                  "--tokenizer",
                  corpus.tokenizer.toString(),
                  "--index",
                  added.toString(),
                  "--quiet"
                },
                SmallCorpus.layout()))
        .ok();
    CliRun run =
        CliRun.of(
                "index",
                "--index",
                added.toString(),
                "--add-view",
                "entities",
                "--entities",
                entities.toString(),
                "--entity-pairs",
                pairs.toString(),
                "--quiet")
            .ok();
    assertTrue(run.out().contains("view entities: built for"), run.out());
  }

  private static JsonNode count(Path index, String view, String query) {
    return CliRun.of(
            "count",
            "--index",
            index.toString(),
            "--view",
            view,
            "--step",
            "38",
            "--format",
            "json",
            query)
        .ok()
        .onlyJsonObject();
  }

  private static JsonNode cooccur(Path index, String view, String a, String b) {
    return CliRun.of(
            "cooccur",
            "--index",
            index.toString(),
            "--view",
            view,
            "--step",
            "38",
            "--format",
            "json",
            a,
            b)
        .ok()
        .onlyJsonObject();
  }

  private static List<Long> counts(JsonNode row) {
    return List.of(row.get("sequences").longValue(), row.get("occurrences").longValue());
  }

  @Test
  void entityCountsAreTheTextViewsForOneNameEntitiesBuiltOrAdded() {
    String[][] entityAndText = {
      {"QN", "\"quasar nebula\""}, {"GX", "galaxy"}, {"ZB", "zorblax"}, {"VP", "vorpal"}
    };
    for (String[] e : entityAndText) {
      List<Long> text = counts(count(built, "text", e[1]));
      assertEquals(text, counts(count(built, "entities", e[0])), e[0]);
      assertEquals(text, counts(count(added, "entities", e[0])), e[0] + " (added later)");
    }
    assertTrue(counts(count(built, "entities", "QN")).getFirst() > 0);
  }

  @Test
  void cooccurOfDeclaredAndUndeclaredEntityPairsIsTheTextViews() {
    String[][] pairsAndText = {
      {"QN", "GX", "\"quasar nebula\"", "galaxy"},
      {"VP", "ZB", "vorpal", "zorblax"},
      {"ZB", "QN", "zorblax", "\"quasar nebula\""}
    };
    for (String[] p : pairsAndText) {
      List<Long> text = counts(cooccur(built, "text", p[2], p[3]));
      assertEquals(text, counts(cooccur(built, "entities", p[0], p[1])), p[0] + " " + p[1]);
      assertEquals(
          text,
          counts(cooccur(added, "entities", p[1], p[0])),
          p[1] + " " + p[0] + " (added later)");
    }
  }

  @Test
  void phrasesKeepTheirCountsThroughABigramsView() throws IOException {
    Path index = dir.resolve("bigrams");
    CliRun.of(
            concat(
                new String[] {
                  "index",
                  "--data",
                  corpus.data.toString(),
                  "--tokenizer",
                  corpus.tokenizer.toString(),
                  "--index",
                  index.toString(),
                  "--quiet"
                },
                SmallCorpus.layout()))
        .ok();
    List<String> phrases =
        List.of("\"quasar nebula\"", "\"plus 7\"", "\"of the\"", "\"12 plus 7 is\"", "galaxy");
    List<List<Long>> before = phrases.stream().map(p -> counts(count(index, "text", p))).toList();
    CliRun.of("index", "--index", index.toString(), "--add-view", "bigrams", "--quiet").ok();
    assertTrue(Files.isDirectory(index.resolve("views").resolve("bigrams")));
    assertEquals(before, phrases.stream().map(p -> counts(count(index, "text", p))).toList());
  }

  @Test
  void qaEntityFilesBecomeEntityAndPairFiles() throws IOException {
    Path qa =
        Files.writeString(
            dir.resolve("qa.jsonl"),
            """
        {"id": "q1", "question_entities": [{"id": "QN", "names": ["Quasar Nebula"]}], "answer_entities": [{"id": "GX", "names": ["galaxy"]}]}
        {"id": "q2", "question_entities": [{"id": "ZB", "names": ["zorblax"]}, {"id": "QN", "names": ["the nebula"]}], "answer_entities": [{"id": "VP", "names": ["vorpal"]}]}
        """);
    Path out = dir.resolve("qa-out");
    CliRun run = CliRun.of("qa-entities", "--qa", qa.toString(), "--out", out.toString()).ok();
    assertTrue(run.out().startsWith("2 questions: wrote"), run.out());
    assertEquals(
        "QN\tGX\nq2#question\tq2#answer\n", Files.readString(out.resolve("entity-pairs.tsv")));
    List<String> lines = Files.readAllLines(out.resolve("entities.jsonl"));
    assertEquals("{\"id\":\"QN\",\"names\":[\"Quasar Nebula\",\"the nebula\"]}", lines.getFirst());
    assertEquals("{\"id\":\"q2#question\",\"names\":[\"zorblax\",\"the nebula\"]}", lines.get(4));
    Path index = dir.resolve("qa-index");
    CliRun.of(
            concat(
                new String[] {
                  "index",
                  "--data",
                  corpus.data.toString(),
                  "--tokenizer",
                  corpus.tokenizer.toString(),
                  "--index",
                  index.toString(),
                  "--quiet",
                  "--entities",
                  out.resolve("entities.jsonl").toString(),
                  "--entity-pairs",
                  out.resolve("entity-pairs.tsv").toString()
                },
                SmallCorpus.layout()))
        .ok();
    // q2: sequences holding zorblax or "the nebula", and vorpal: the text view's (zorblax OR "the
    // nebula") & vorpal.
    assertEquals(
        counts(cooccur(index, "text", "(zorblax OR \"the nebula\")", "vorpal")),
        counts(cooccur(index, "entities", "q2#question", "q2#answer")));
  }

  @Test
  void mismatchesAreOneLineErrors() throws IOException {
    Path other =
        Files.writeString(
            dir.resolve("other.tsv"), "QN\tquasar\nGX\tgalaxy\nZB\tzorblax\nVP\tvorpal\n");
    String e =
        CliRun.of(
                "index",
                "--index",
                added.toString(),
                "--add-view",
                "entities",
                "--entities",
                other.toString(),
                "--entity-pairs",
                pairs.toString(),
                "--quiet")
            .userError();
    assertTrue(e.contains("was built from another entity file"), e);
    assertTrue(
        CliRun.of("index", "--index", added.toString(), "--add-view", "tokens", "--quiet")
            .userError()
            .contains("the views that can be added to an index are entities and bigrams"));
    assertTrue(
        CliRun.of(
                "index",
                "--index",
                added.toString(),
                "--add-view",
                "entities",
                "--entities",
                entities.toString(),
                "--entity-pairs",
                pairs.toString(),
                "--batch-size",
                "8",
                "--quiet")
            .userError()
            .contains("was built with layout"));
    assertTrue(
        CliRun.of(
                "count",
                "--index",
                corpus.index.toString(),
                "--view",
                "entities",
                "--step",
                "3",
                "QN")
            .userError()
            .contains("has no 'entities' view"));
    assertTrue(
        CliRun.of(
                "cooccur",
                "--index",
                built.toString(),
                "--view",
                "entities",
                "--window",
                "3",
                "--step",
                "3",
                "QN",
                "GX")
            .userError()
            .contains("--window works on the text view only"));
    assertTrue(
        CliRun.of("index", "--index", added.toString(), "--quiet")
            .userError()
            .contains("give --data"));
  }
}
