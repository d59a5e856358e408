package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stepindex.cli.CliRun.concat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.PlantedTerm;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.data.MegatronWriter;
import org.stepindex.indexer.data.TokenDType;
import org.stepindex.indexer.store.Manifest;

/**
 * {@code index --order megatron} end to end, against how Pythia's pre-shuffled files were made: the
 * small corpus's tokens are cut into documents of 1 to 400 tokens (an unshuffled dataset), the
 * tests' own python3 implementation of GPT-NeoX's rule ({@code
 * indexer/src/test/python/order_oracle.py}) builds a run's three maps over it and materializes
 * every training sample into a pre-shuffled {@code .bin}. Indexing through the maps must count
 * exactly what indexing the materialized file as today counts, for every planted term and token, at
 * every checkpoint; the manifest records the maps, {@code show} decodes the same steps, {@code
 * verify --data} checks the maps, and another run's maps are refused.
 */
class TrainingOrdersTest {
  /** GPT-NeoX's seq_length; stepindex's --seq-length is one more. */
  private static final int SEQ_LENGTH = SmallCorpus.SEQ_LENGTH - 1;

  private static SmallCorpus corpus;
  private static Path root;
  private static Path unshuffled;
  private static Path maps;
  private static Path materialized;
  private static Path viaMaps;
  private static Path viaFile;

  @TempDir static Path shared;
  @TempDir Path tmp;

  @BeforeAll
  static void build() throws IOException {
    corpus = SmallCorpus.get();
    root = shared;
    unshuffled = cutIntoDocuments(root.resolve("unshuffled"), corpus.data, 1);
    maps = root.resolve("seed1");
    oracle("megatron-maps", unshuffled, maps, SEQ_LENGTH, SmallCorpus.SEQUENCES, 1, 3, "int64");
    materialized = root.resolve("preshuffled");
    oracle("megatron-materialize", unshuffled, maps, SEQ_LENGTH, materialized);
    viaMaps = root.resolve("index-maps");
    CliRun.of(
            concat(
                concat(
                    new String[] {
                      "index",
                      "--index",
                      viaMaps.toString(),
                      "--tokenizer",
                      corpus.tokenizer.toString(),
                      "--views",
                      SmallCorpus.VIEWS,
                      "--quiet"
                    },
                    SmallCorpus.layout()),
                megatron(maps)))
        .ok();
    viaFile = root.resolve("index-file");
    CliRun.of(
            concat(
                new String[] {
                  "index",
                  "--index",
                  viaFile.toString(),
                  "--data",
                  materialized.toString(),
                  "--tokenizer",
                  corpus.tokenizer.toString(),
                  "--views",
                  SmallCorpus.VIEWS,
                  "--quiet"
                },
                SmallCorpus.layout()))
        .ok();
  }

  /** The corpus's tokens, in order, as documents of 1 to 400 tokens. */
  static Path cutIntoDocuments(Path prefix, Path data, long seed) {
    Random random = new Random(seed);
    try (MegatronDataset in = MegatronDataset.open(data);
        MegatronWriter out = MegatronWriter.create(prefix, TokenDType.UINT16)) {
      List<Integer> stream = new ArrayList<>();
      int[] ids = new int[in.maxSize()];
      for (long s = 0; s < in.sequenceCount(); s++) {
        int n = in.read(s, ids);
        for (int i = 0; i < n; i++) {
          stream.add(ids[i]);
        }
      }
      for (int at = 0; at < stream.size(); ) {
        int size = Math.min(stream.size() - at, 1 + random.nextInt(400));
        out.addSequence(
            stream.subList(at, at + size).stream().mapToInt(Integer::intValue).toArray(), 0, size);
        at += size;
      }
    }
    return prefix;
  }

  static void oracle(Object... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "python3",
                ChildProcess.repositoryRoot()
                    .resolve("indexer/src/test/python/order_oracle.py")
                    .toString()));
    for (Object arg : args) {
      command.add(arg.toString());
    }
    ChildProcess run = ChildProcess.run(java.util.Map.of(), command);
    assertEquals(0, run.exit(), () -> String.join(" ", command) + "\n" + run.out() + run.err());
  }

  private static String map(Path prefix, String name) {
    return prefix.resolveSibling(prefix.getFileName() + "_" + name + ".npy").toString();
  }

  /** {@code --order megatron --data UNSHUFFLED --doc-idx ... --sample-idx ... --shuffle-idx ...} */
  private static String[] megatron(Path maps) {
    return new String[] {
      "--order",
      "megatron",
      "--data",
      unshuffled.toString(),
      "--doc-idx",
      map(maps, "doc_idx"),
      "--sample-idx",
      map(maps, "sample_idx"),
      "--shuffle-idx",
      map(maps, "shuffle_idx")
    };
  }

  private static String timeline(Path index, String view, String query) {
    return CliRun.of(
            "timeline", "--index", index.toString(), "--view", view, "--format", "csv", query)
        .ok()
        .out();
  }

  @Test
  void indexingThroughTheMapsCountsWhatTheMaterializedPreShuffledFileCounts() {
    long seen = 0;
    for (PlantedTerm term : corpus.planted) {
      String curve = timeline(viaMaps, "text", term.text());
      assertEquals(timeline(viaFile, "text", term.text()), curve, term.text());
      seen +=
          curve
              .lines()
              .skip(1)
              .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1)))
              .sum();
    }
    assertTrue(seen > 0, "the planted terms occur in the sampled order");
    for (String query : List.of("0", "17", "17 23", "300")) {
      assertEquals(timeline(viaFile, "tokens", query), timeline(viaMaps, "tokens", query), query);
    }
    assertEquals(
        timeline(viaFile, "pythia-numbers", "7"), timeline(viaMaps, "pythia-numbers", "7"));
    JsonNode mapsStats =
        CliRun.json(CliRun.of("stats", "--index", viaMaps.toString(), "--json").ok().out());
    JsonNode fileStats =
        CliRun.json(CliRun.of("stats", "--index", viaFile.toString(), "--json").ok().out());
    // The oracle's maps hold at least the corpus's 600 samples (GPT-NeoX rounds up to whole
    // epochs), so the file
    // index has at least the 7 shards of steps 0 1 2 4 8 16 32 38; the maps' index must have the
    // very same ones.
    assertTrue(
        fileStats.get("shards").size() >= 7, () -> "shards of the materialized file: " + fileStats);
    assertEquals(
        fileStats.get("shards"), mapsStats.get("shards"), "the same shards, sequences and tokens");
    Manifest manifest = Manifest.read(viaMaps);
    assertEquals("megatron", manifest.order().kind());
    assertEquals(
        List.of("doc-idx", "sample-idx", "shuffle-idx"),
        manifest.order().maps().stream().map(m -> m.role()).toList());
    assertEquals(
        null, Manifest.read(viaFile).order(), "a pre-shuffled index's manifest records no order");
    String stats = CliRun.of("stats", "--index", viaMaps.toString()).ok().out();
    assertTrue(stats.contains("order          megatron; doc-idx seed1_doc_idx.npy"), stats);
  }

  @Test
  void showDecodesAStepOfTheOrderAsOfTheMaterializedFile() {
    for (String step : List.of("0", "13", "37")) {
      String viaOrder =
          CliRun.of(
                  concat(
                      concat(
                          new String[] {
                            "show",
                            "--tokenizer",
                            corpus.tokenizer.toString(),
                            "--step",
                            step,
                            "--ids"
                          },
                          SmallCorpus.layout()),
                      megatron(maps)))
              .ok()
              .out();
      String viaData =
          CliRun.of(
                  concat(
                      new String[] {
                        "show",
                        "--data",
                        materialized.toString(),
                        "--tokenizer",
                        corpus.tokenizer.toString(),
                        "--step",
                        step,
                        "--ids"
                      },
                      SmallCorpus.layout()))
              .ok()
              .out();
      assertEquals(
          viaData.replace("(dataset sequence", "(training sequence"), viaOrder, "step " + step);
    }
  }

  @Test
  void verifyChecksTheMapsAndAnotherRunsMapsAreRefused() throws IOException {
    CliRun.of(
            "verify",
            "--index",
            viaMaps.toString(),
            "--data",
            unshuffled.toString(),
            "--full",
            "--quiet")
        .ok();
    Path otherSeed = root.resolve("seed2");
    oracle(
        "megatron-maps", unshuffled, otherSeed, SEQ_LENGTH, SmallCorpus.SEQUENCES, 2, 3, "int64");
    Path copy = tmp.resolve("index");
    CliRun.of(
            concat(
                concat(
                    new String[] {
                      "index",
                      "--index",
                      copy.toString(),
                      "--tokenizer",
                      corpus.tokenizer.toString(),
                      "--views",
                      "text",
                      "--steps",
                      "0:8",
                      "--quiet"
                    },
                    SmallCorpus.layout()),
                megatron(otherSeed)))
        .ok();
    byte[] before = Files.readAllBytes(copy.resolve(Manifest.FILE_NAME));
    String refused =
        CliRun.of(
                concat(
                    concat(
                        new String[] {
                          "index",
                          "--index",
                          copy.toString(),
                          "--tokenizer",
                          corpus.tokenizer.toString(),
                          "--views",
                          "text",
                          "--quiet"
                        },
                        SmallCorpus.layout()),
                    megatron(maps)))
            .userError();
    assertTrue(
        refused.startsWith(
            "the index at " + copy + " was built with order megatron; doc-idx seed2_doc_idx.npy"),
        refused);
    assertTrue(
        refused.endsWith(
            "use the same order or a new --index directory (the index was left unchanged)"),
        refused);
    assertArrayEquals(
        before, Files.readAllBytes(copy.resolve(Manifest.FILE_NAME)), "the manifest is unchanged");
    try (RandomAccessFile file = new RandomAccessFile(map(otherSeed, "shuffle_idx"), "rw")) {
      file.seek(file.length() - 1);
      int b = file.read();
      file.seek(file.length() - 1);
      file.write(b ^ 1);
    }
    CliRun damaged =
        CliRun.of("verify", "--index", copy.toString(), "--data", unshuffled.toString(), "--quiet");
    assertEquals(1, damaged.exit(), damaged::toString);
    assertTrue(damaged.out().contains("seed2_shuffle_idx.npy has CRC32C "), damaged.out());
    assertTrue(
        damaged.out().contains("the shuffle-idx map the index was built from had"), damaged.out());
  }

  @Test
  void aBrokenMapIsOneLineAndNothingIsWritten() throws IOException {
    Path broken = tmp.resolve("broken");
    for (String name : List.of("doc_idx", "sample_idx")) {
      Files.copy(Path.of(map(maps, name)), Path.of(map(broken, name)));
    }
    byte[] shuffle = Files.readAllBytes(Path.of(map(maps, "shuffle_idx")));
    Files.write(
        Path.of(map(broken, "shuffle_idx")), java.util.Arrays.copyOf(shuffle, shuffle.length - 4));
    Path index = tmp.resolve("never");
    String error =
        CliRun.of(
                concat(
                    concat(
                        new String[] {
                          "index",
                          "--index",
                          index.toString(),
                          "--tokenizer",
                          corpus.tokenizer.toString(),
                          "--quiet"
                        },
                        SmallCorpus.layout()),
                    megatron(broken)))
            .userError();
    assertTrue(error.startsWith(map(broken, "shuffle_idx") + ": truncated .npy file"), error);
    assertFalse(Files.exists(index), "nothing is written");
    String options =
        CliRun.of(
                concat(
                    new String[] {
                      "index",
                      "--index",
                      index.toString(),
                      "--tokenizer",
                      corpus.tokenizer.toString(),
                      "--order",
                      "megatron",
                      "--data",
                      unshuffled.toString(),
                      "--doc-idx",
                      map(maps, "doc_idx")
                    },
                    SmallCorpus.layout()))
            .userError();
    assertTrue(
        options.startsWith("--order megatron needs --doc-idx, --sample-idx and --shuffle-idx"),
        options);
    assertFalse(Files.exists(index), "nothing is written");
  }

  @Test
  void findReadsTheTextOfTheMapsOrder() {
    // find decodes the sequences behind its matches in the index's own order: through the maps, the
    // same rows and
    // text as through the materialized file (the cursors name their index, so they differ).
    String term = corpus.planted.getFirst().text();
    List<String> viaMapsRows = findRows(viaMaps, term);
    assertFalse(viaMapsRows.isEmpty(), term + " is found in the sampled order");
    assertEquals(findRows(viaFile, term), viaMapsRows);
  }

  private static List<String> findRows(Path index, String query) {
    return CliRun.of(
            "find",
            "--index",
            index.toString(),
            "--step",
            "38",
            "--limit",
            "50",
            "--format",
            "json",
            query)
        .ok()
        .outLines()
        .stream()
        .map(CliRun::json)
        .map(
            r ->
                r.get("step")
                    + " "
                    + r.get("sequence")
                    + " "
                    + r.get("position")
                    + " "
                    + r.get("text"))
        .toList();
  }
}
