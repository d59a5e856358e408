package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stepindex.cli.CliRun.concat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;

/**
 * Token ids above 65,535 in every view, read in OLMo's order: a byte-level BPE tokenizer of about
 * 85,000 ids (OLMo's has 100k) in which every word the test counts has an id above 65,535, two raw
 * uint32 token files (OLMo's {@code memmap_dtype} for such a vocabulary) cut into instances of 32
 * tokens, and a raw uint32 {@code global_indices.npy}. The index built through the order ({@code
 * text,tokens,pythia-numbers,bigrams}, then {@code --add-view entities}) counts what the same views
 * count on the tests' own materialization of the order (the python oracle, into an int32 Megatron
 * dataset), and a token's counts equal a brute-force count of its id.
 */
class LargeVocabularyTest {
  private static final int LENGTH = 32;
  private static final int BATCH = 4;
  private static final List<String> WORDS =
      List.of("zorblaxian", "quasarnebula", "minutes", "plus", "12345", "67890", "31337");

  @TempDir static Path dir;
  private static Map<String, Integer> ids;
  private static Path tokenizer;
  private static List<Path> files;
  private static Path indices;
  private static Path materialized;
  private static Path viaOrder;
  private static Path viaFile;

  @BeforeAll
  static void build() throws IOException {
    tokenizer = dir.resolve("tokenizer.json");
    ids = ByteLevelBpeWriter.write(tokenizer, vocabulary());
    Random random = new Random(5);
    files = new ArrayList<>();
    for (int file = 0; file < 2; file++) {
      int instances = file == 0 ? 40 : 24;
      ByteBuffer bytes = ByteBuffer.allocate(4 * instances * LENGTH).order(ByteOrder.LITTLE_ENDIAN);
      for (int t = 0; t < instances * LENGTH; t++) {
        String word = WORDS.get(random.nextInt(WORDS.size()));
        bytes.putInt(t % 9 == 8 ? 0 : ids.get(" " + word)); // an end of text now and then
      }
      files.add(Files.write(dir.resolve("part-" + file + ".npy"), bytes.array()));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(6));
    ByteBuffer global = ByteBuffer.allocate(4 * 64).order(ByteOrder.LITTLE_ENDIAN);
    order.forEach(global::putInt);
    indices = Files.write(dir.resolve("global_indices.npy"), global.array());
    materialized = dir.resolve("preshuffled");
    List<Object> args =
        new ArrayList<>(List.of("olmo-materialize", indices, "uint32", LENGTH, materialized));
    args.addAll(files);
    TrainingOrdersTest.oracle(args.toArray());
    Path entities =
        Files.writeString(dir.resolve("entities.tsv"), "Q1\tzorblaxian\nQ2\tquasarnebula plus\n");
    viaOrder = dir.resolve("index-olmo");
    CliRun.of(
            concat(
                common(viaOrder),
                "--order",
                "olmo",
                "--data",
                files.get(0) + "," + files.get(1),
                "--global-indices",
                indices.toString(),
                "--dtype",
                "uint32"))
        .ok();
    viaFile = dir.resolve("index-file");
    CliRun.of(concat(common(viaFile), "--data", materialized.toString())).ok();
    for (Path index : List.of(viaOrder, viaFile)) {
      CliRun.of(
              "index",
              "--index",
              index.toString(),
              "--add-view",
              "entities",
              "--entities",
              entities.toString(),
              "--quiet")
          .ok();
    }
  }

  /**
   * 30,000 four-letter words first, so that every word of {@link #WORDS} gets an id above 65,535.
   */
  private static List<String> vocabulary() {
    Set<String> words = new LinkedHashSet<>();
    Random random = new Random(4);
    while (words.size() < 30_000) {
      StringBuilder word = new StringBuilder();
      for (int i = 0; i < 4; i++) {
        word.append((char) ('a' + random.nextInt(26)));
      }
      words.add(word.toString());
    }
    words.addAll(WORDS);
    return new ArrayList<>(words);
  }

  private static String[] common(Path index) {
    return new String[] {
      "index",
      "--index",
      index.toString(),
      "--tokenizer",
      tokenizer.toString(),
      "--views",
      "text,tokens,pythia-numbers,bigrams",
      "--batch-size",
      "" + BATCH,
      "--seq-length",
      "" + LENGTH,
      "--shards",
      "every:4",
      "--quiet"
    };
  }

  private static String timeline(Path index, String view, String query) {
    return CliRun.of(
            "timeline", "--index", index.toString(), "--view", view, "--format", "csv", query)
        .ok()
        .out();
  }

  @Test
  void everyCountedWordHasAnIdAbove65535() {
    for (String word : WORDS) {
      assertTrue(ids.get(" " + word) > 65_535, () -> word + " has id " + ids.get(" " + word));
    }
    assertTrue(
        CliRun.of("stats", "--index", viaOrder.toString())
            .ok()
            .out()
            .contains(
                "order          olmo, 2 token files of uint32; global-indices global_indices.npy (64,) uint32"));
  }

  @Test
  void everyViewCountsWhatItCountsOnTheMaterializedOrder() {
    // Phrases go through the bigrams view (an index that has it counts every text phrase there).
    for (String word :
        List.of(
            "zorblaxian",
            "quasarnebula",
            "plus",
            "12345",
            "\"zorblaxian quasarnebula\"",
            "\"plus minutes\"",
            "\"12345 plus 67890\"")) {
      assertEquals(timeline(viaFile, "text", word), timeline(viaOrder, "text", word), word);
    }
    for (String token :
        List.of("" + ids.get(" zorblaxian"), ids.get(" 12345") + " " + ids.get(" plus"))) {
      assertEquals(timeline(viaFile, "tokens", token), timeline(viaOrder, "tokens", token), token);
    }
    for (String key : List.of("12345", "12345-67890", "31337-minute")) {
      String curve = timeline(viaOrder, "pythia-numbers", key);
      assertEquals(timeline(viaFile, "pythia-numbers", key), curve, key);
      assertTrue(!curve.endsWith(",0,0\n"), () -> key + " is counted: " + curve);
    }
    for (String entity : List.of("Q1", "Q2")) {
      assertEquals(
          timeline(viaFile, "entities", entity), timeline(viaOrder, "entities", entity), entity);
    }
  }

  @Test
  void aTokenAbove65535CountsWhatABruteForceCountOfItsIdGives() {
    int id = ids.get(" quasarnebula");
    String curve = timeline(viaOrder, "tokens", "" + id);
    List<String> rows = curve.lines().skip(1).toList();
    assertEquals(
        List.of("0", "4", "8", "12", "16"), rows.stream().map(r -> r.split(",")[2]).toList());
    try (MegatronDataset data = MegatronDataset.open(materialized)) {
      int[] tokens = new int[LENGTH];
      for (String row : rows) {
        String[] fields = row.split(",");
        long step = Long.parseLong(fields[2]);
        long sequences = 0;
        long occurrences = 0;
        for (long s = 0; s < step * BATCH; s++) {
          data.read(s, tokens);
          long here = java.util.Arrays.stream(tokens).filter(t -> t == id).count();
          occurrences += here;
          sequences += here > 0 ? 1 : 0;
        }
        assertEquals(sequences, Long.parseLong(fields[3]), row);
        assertEquals(occurrences, Long.parseLong(fields[4]), row);
      }
    }
    String shown =
        CliRun.of(
                "show",
                "--order",
                "olmo",
                "--data",
                files.get(0) + "," + files.get(1),
                "--global-indices",
                indices.toString(),
                "--dtype",
                "uint32",
                "--tokenizer",
                tokenizer.toString(),
                "--batch-size",
                "" + BATCH,
                "--seq-length",
                "" + LENGTH,
                "--step",
                "3",
                "--seq",
                "1",
                "--ids")
            .ok()
            .out();
    assertTrue(
        shown.startsWith(
            "=== step 3, sequence 1 of the step (training sequence 13), 32 tokens ===\n"),
        shown);
    assertTrue(WORDS.stream().anyMatch(w -> shown.contains(" " + w)), shown);
  }
}
