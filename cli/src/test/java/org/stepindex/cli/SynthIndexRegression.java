package org.stepindex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * {@code regressions/synth-index.txt}: the synthetic corpus of a fixed seed, indexed with every
 * view, and its counts at chosen steps; all of it exact (the index has no floats).
 */
final class SynthIndexRegression implements RegressionCase {
  private static final String SEQUENCES = "600";
  private static final String SEQ_LENGTH = "65";
  private static final String BATCH_SIZE = "16";
  private static final String SEED = "42";

  /**
   * With Pythia's shard schedule the 38 steps make shards 0:1 1:2 2:4 4:8 8:16 16:32 32:38: steps
   * on a shard edge (1, 8, 16, 32), inside a shard (5, 20, 37), and the end of the data (38, after
   * a partial last batch).
   */
  private static final long[] STEPS = {1, 5, 8, 16, 20, 32, 37, 38};

  private static final Map<String, List<String>> QUERIES = new LinkedHashMap<>();

  static {
    QUERIES.put(
        "text",
        List.of(
            "the", "she", "galaxy", "zorblax", "\"quasar nebula\"", "\"plus 7\"", "+galaxy +the"));
    QUERIES.put("pythia-numbers", List.of("7", "12", "7-12"));
    QUERIES.put("entities", List.of("E1", "E2", "E3"));
  }

  /** Token n-grams of the tokens view, given as text to encode with the corpus's tokenizer. */
  private static final List<String> ENCODED = List.of(" galaxy", " quasar nebula", " plus 7");

  /**
   * Pairs for {@code cooccur}: {view, A, B}; E1-E2 is a declared pair (term statistics), the others
   * are not.
   */
  private static final List<String[]> PAIRS =
      List.of(
          new String[] {"text", "galaxy", "\"quasar nebula\""},
          new String[] {"text", "zorblax", "vorpal"},
          new String[] {"entities", "E1", "E2"},
          new String[] {"entities", "E1", "E3"});

  @Override
  public String name() {
    return "synth-index";
  }

  @Override
  public List<String> about() {
    return """
        The synthetic index: synth --sequences %s --seq-length %s --batch-size %s --seed %s, then index
        --views text,tokens,pythia-numbers,bigrams (shards at Pythia's checkpoints: 0:1 1:2 2:4 4:8 8:16 16:32 32:38)
        and --add-view entities (E1 galaxy, E2 quasar nebula, E3 zorblax|vorpal; E1-E2 declared). Its totals, its
        shards, and counts (sequences, occurrences) in every view at steps on a shard edge (1, 8, 16, 32), inside a
        shard (5, 20, 37) and at the end (38, after a partial last batch); text phrases go through the bigrams view.
        Everything here is exact: an index holds integers only."""
        .formatted(SEQUENCES, SEQ_LENGTH, BATCH_SIZE, SEED)
        .lines()
        .toList();
  }

  @Override
  public Map<String, Pinned> measure(Path root) {
    Path corpus = root.resolve("corpus");
    Path index = root.resolve("index");
    CliRun.of(
            "synth",
            "--out",
            corpus.toString(),
            "--sequences",
            SEQUENCES,
            "--seq-length",
            SEQ_LENGTH,
            "--batch-size",
            BATCH_SIZE,
            "--seed",
            SEED)
        .ok();
    Path data = corpus.resolve("document");
    Path tokenizer = corpus.resolve("tokenizer.json");
    CliRun.of(
            "index",
            "--data",
            data.toString(),
            "--tokenizer",
            tokenizer.toString(),
            "--index",
            index.toString(),
            "--batch-size",
            BATCH_SIZE,
            "--seq-length",
            SEQ_LENGTH,
            "--views",
            "text,tokens,pythia-numbers,bigrams",
            "--quiet")
        .ok();
    Path entities =
        write(root.resolve("entities.tsv"), "E1\tgalaxy\nE2\tquasar nebula\nE3\tzorblax\tvorpal\n");
    Path pairs = write(root.resolve("pairs.tsv"), "E1\tE2\n");
    CliRun.of(
            "index",
            "--index",
            index.toString(),
            "--add-view",
            "entities",
            "--entities",
            entities.toString(),
            "--entity-pairs",
            pairs.toString(),
            "--quiet")
        .ok();

    Map<String, Pinned> values = new LinkedHashMap<>();
    JsonNode stats =
        CliRun.json(CliRun.of("stats", "--index", index.toString(), "--json").ok().out());
    values.put("sequences", Pinned.exact(stats.path("data").path("sequences").asLong()));
    values.put("tokens", Pinned.exact(stats.path("data").path("tokens").asLong()));
    values.put("views", Pinned.exact(stats.path("views").toString()));
    values.put("shards", Pinned.exact(stats.path("shards").size()));
    for (JsonNode shard : stats.path("shards")) {
      values.put(
          "shard " + shard.path("firstStep").asLong() + ":" + shard.path("endStep").asLong(),
          Pinned.exact(
              String.format(
                  Locale.ROOT,
                  "sequences %d:%d, %d tokens",
                  shard.path("firstSequence").asLong(),
                  shard.path("endSequence").asLong(),
                  shard.path("tokens").asLong())));
    }
    String steps = LongStream.of(STEPS).mapToObj(Long::toString).collect(Collectors.joining(","));
    for (Map.Entry<String, List<String>> view : QUERIES.entrySet()) {
      for (String query : view.getValue()) {
        rows(
            values,
            view.getKey() + " " + query,
            CliRun.of(
                    "count",
                    "--index",
                    index.toString(),
                    "--view",
                    view.getKey(),
                    "--steps",
                    steps,
                    "--format",
                    "json",
                    query)
                .ok());
      }
    }
    for (String text : ENCODED) {
      rows(
          values,
          "tokens --encode '" + text + "'",
          CliRun.of(
                  "count",
                  "--index",
                  index.toString(),
                  "--view",
                  "tokens",
                  "--encode",
                  text,
                  "--steps",
                  steps,
                  "--format",
                  "json")
              .ok());
    }
    for (String[] pair : PAIRS) {
      rows(
          values,
          "cooccur " + pair[0] + " " + pair[1] + " & " + pair[2],
          CliRun.of(
                  "cooccur",
                  "--index",
                  index.toString(),
                  "--view",
                  pair[0],
                  "--steps",
                  steps,
                  "--format",
                  "json",
                  pair[1],
                  pair[2])
              .ok());
    }
    return values;
  }

  /** One value per row (a step) of a JSON-lines answer: sequences and occurrences. */
  private static void rows(Map<String, Pinned> values, String what, CliRun run) {
    List<JsonNode> rows = run.jsonLines();
    if (rows.size() != STEPS.length) {
      throw new AssertionError("one row per step expected from " + run);
    }
    for (JsonNode row : rows) {
      values.put(
          what + " at " + row.path("step").asLong(),
          Pinned.count(row.path("sequences").asLong(), row.path("occurrences").asLong()));
    }
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
