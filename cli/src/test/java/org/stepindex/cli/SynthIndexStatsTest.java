package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stepindex.cli.CliRun.concat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stepindex.corpora.PlantedTerm;
import org.stepindex.indexer.layout.CheckpointSchedule;

/** {@code synth}, {@code index} and {@code stats} on the shared small corpus: what they print. */
class SynthIndexStatsTest {
  /** 600 sequences x 65 tokens. */
  private static final long TOKENS = 39_000;

  private static SmallCorpus corpus;

  /** Shards of the default ('pythia') schedule over 38 steps: 0:1 1:2 2:4 4:8 8:16 16:32 32:38. */
  private static int shardCount;

  @BeforeAll
  static void build() {
    corpus = SmallCorpus.get();
    shardCount = CheckpointSchedule.parse("pythia").boundariesUpTo(SmallCorpus.STEPS).length - 1;
  }

  @Test
  void synthReportsTheShapeAndEveryPlantedTerm() {
    String out = corpus.synthRun.out();
    assertTrue(
        out.startsWith("wrote 600 sequences x 65 tokens (38 steps of 16) to " + corpus.data), out);
    assertTrue(out.contains("tokenizer " + corpus.tokenizer), out);
    assertEquals(4, corpus.planted.size(), "planted.json terms");
    for (PlantedTerm term : corpus.planted) {
      int last = term.steps().length - 1;
      assertEquals(
          SmallCorpus.STEPS, term.steps()[last], "truth is given up to the end of the data");
      assertTrue(
          out.contains(
              String.format(
                  "first at step %d, %,d occurrences in %,d sequences by step 38",
                  term.firstStep(), term.occurrences()[last], term.sequences()[last])),
          () -> term.text() + " in " + out);
    }
  }

  @Test
  void indexSummarizesWhatItBuiltAndWhatTheIndexCovers() {
    List<String> lines = corpus.indexRun.outLines();
    assertEquals(3, lines.size(), corpus.indexRun::toString);
    assertTrue(
        lines
            .get(0)
            .matches(
                "indexed 600 sequences \\(39,000 tokens\\) into "
                    + shardCount
                    + " new shards in [0-9.]+ s \\([0-9,]+ tokens/s\\); 0 shards were already built"),
        lines.get(0));
    assertEquals(
        "index " + corpus.index + " now covers 600 of 600 sequences (steps 0:38)", lines.get(1));
    // 600 = 37 x 16 + 8: the last step is a partial batch, indexed and said so.
    assertEquals(
        "note: the data ends in a partial batch: step 37 has 8 of 16 sequences; it is indexed and counted"
            + " as step 37",
        lines.get(2));
  }

  /**
   * Resumability as a user sees it: the same command again finds every shard built and changes
   * nothing.
   */
  @Test
  void indexingAgainKeepsEveryShard() {
    CliRun again =
        CliRun.of(
                concat(
                    new String[] {
                      "index",
                      "--data",
                      corpus.data.toString(),
                      "--tokenizer",
                      corpus.tokenizer.toString(),
                      "--index",
                      corpus.index.toString(),
                      "--views",
                      SmallCorpus.VIEWS,
                      "--quiet"
                    },
                    SmallCorpus.layout()))
            .ok();
    assertTrue(
        again
            .outLines()
            .getFirst()
            .matches(
                "indexed 0 sequences \\(0 tokens\\) into 0 new shards in .*; "
                    + shardCount
                    + " shards were already built"),
        again::toString);
  }

  @Test
  void statsPrintsLayoutDataViewsTotalsAndSize() {
    String out = CliRun.of("stats", "--index", corpus.index.toString()).ok().out();
    assertAll(
        () -> assertTrue(out.contains("batch size 16, sequence length 65"), out),
        () -> assertTrue(out.contains("600 sequences, 39,000 tokens, 38 steps"), out),
        () -> assertTrue(out.contains("views          text, tokens, pythia-numbers"), out),
        () -> assertTrue(out.contains("indexed steps  0:38"), out),
        () ->
            assertTrue(
                out.contains(
                    "indexed        600 sequences, 39,000 tokens in " + shardCount + " shards"),
                out),
        () -> assertTrue(out.matches("(?s).*size +[0-9,]+ bytes, [0-9.]+ bytes/token.*"), out),
        () ->
            assertTrue(
                out.contains("steps-000000032-000000038"),
                "the partial last shard is listed: " + out));
  }

  /**
   * The size is the Lucene files' alone. A phrase count first makes every shard write its match
   * cache (a {@code cache/} subdirectory), which the size must not include, so that bytes/token
   * does not drift with use.
   */
  @Test
  void statsJsonIsTheManifestWithItsSizeOnDisk() throws IOException {
    corpus.count("--step", "" + SmallCorpus.STEPS, "\"quasar nebula\"");
    String text = CliRun.of("stats", "--index", corpus.index.toString(), "--json").ok().out();
    JsonNode json = CliRun.json(text);
    assertAll(
        () -> assertEquals("stepindex-1", json.path("format").asText()),
        () -> assertEquals(SmallCorpus.BATCH_SIZE, json.path("layout").path("batchSize").asInt()),
        () -> assertEquals(SmallCorpus.SEQ_LENGTH, json.path("layout").path("seqLength").asInt()),
        () -> assertEquals(corpus.data.toString(), json.path("data").path("path").asText()),
        () -> assertEquals(SmallCorpus.SEQUENCES, json.path("data").path("sequences").asLong()),
        () -> assertEquals(TOKENS, json.path("data").path("tokens").asLong()),
        () ->
            assertEquals(
                64, json.path("data").path("fingerprint").asText().length(), "sha-256 hex"),
        () ->
            assertEquals(corpus.tokenizer.toString(), json.path("tokenizer").path("path").asText()),
        () ->
            assertEquals("[\"text\",\"tokens\",\"pythia-numbers\"]", json.path("views").toString()),
        () -> assertEquals("pythia", json.path("shardSchedule").asText()),
        () -> assertEquals(shardCount, json.path("shards").size()));

    long expectedStart = 0;
    for (JsonNode shard : json.path("shards")) {
      assertEquals(
          expectedStart, shard.path("firstStep").asLong(), "shards are contiguous: " + shard);
      expectedStart = shard.path("endStep").asLong();
    }
    assertEquals(SmallCorpus.STEPS, expectedStart, "the shards end with the data");

    long bytes = luceneBytes(corpus.index);
    assertEquals(
        bytes,
        json.path("indexBytes").asLong(),
        "index bytes: the shards' files, match caches excluded");
    assertTrue(json.path("bytesPerToken").isNumber(), text);
    assertEquals((double) bytes / TOKENS, json.path("bytesPerToken").asDouble(), 1e-4);
  }

  /**
   * Sums the files directly inside each shard directory (the Lucene index; caches live in a
   * subdirectory).
   */
  private static long luceneBytes(Path index) throws IOException {
    long total = 0;
    try (Stream<Path> shards = Files.list(index.resolve("shards"))) {
      for (Path shard : shards.toList()) {
        try (Stream<Path> files = Files.list(shard)) {
          for (Path file : files.filter(Files::isRegularFile).toList()) {
            total += Files.size(file);
          }
        }
      }
    }
    return total;
  }
}
