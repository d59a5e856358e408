package org.stepindex.query.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.stepindex.query.store.BuildFailures.assertOneLineFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.store.BuildResult;
import org.stepindex.indexer.store.Manifest;

/**
 * Extending an index with anything that would make its shards disagree is refused with a one-line
 * error naming what differs, and the index is left byte for byte as it was; the same data and
 * tokenizer under other paths are accepted, because the manifest compares contents, not paths.
 */
class ExtendMismatchTest {
  private static final int BATCH = 4;
  private static final int LENGTH = 16;
  private static final int SEQUENCES = 64;
  private static final long BUILT_STEPS = 4;

  @TempDir static Path tmp;
  static HandMadeData.Vocabulary vocabulary;
  static Build extension;
  static Map<String, String> before;

  /**
   * An index of steps 0:4 of 16; each test tries to extend it over the rest with one thing changed.
   */
  @BeforeAll
  static void buildPart() {
    vocabulary = HandMadeData.tokenizer(tmp.resolve("tokenizer.json"));
    Path data =
        HandMadeData.write(
            tmp.resolve("data/document"), HandMadeData.sequences(vocabulary, SEQUENCES, LENGTH, 3));
    Build build =
        Build.of(data, vocabulary.file(), tmp.resolve("index"), BATCH, LENGTH, "every:2")
            .withViews("text", "tokens");
    build.withSteps(0, BUILT_STEPS).run();
    before = Snapshot.of(build.index());
    extension = build.withSteps(BUILT_STEPS, -1);
  }

  @AfterEach
  void indexUnchanged() {
    assertEquals(before, Snapshot.of(extension.index()));
  }

  private static void refused(Build build, String what) {
    assertOneLineFailure(build, "was built with " + what, "left unchanged");
  }

  @Test
  void otherTokens() {
    // Same sizes, so the .idx is byte-identical: only the tokens in the .bin tell the data apart.
    Path other =
        HandMadeData.write(
            tmp.resolve("other/document"),
            HandMadeData.sequences(vocabulary, SEQUENCES, LENGTH, 4));
    refused(extension.withData(other), "data");
  }

  @Test
  void otherTokenizer() {
    HandMadeData.Vocabulary other =
        HandMadeData.tokenizer(tmp.resolve("other-tokenizer.json"), "epsilon");
    refused(extension.withTokenizer(other.file()), "tokenizer");
  }

  @Test
  void otherBatchSize() {
    refused(extension.withLayout(BATCH * 2, LENGTH).withSteps(2, -1), "layout");
  }

  @Test
  void otherSeqLength() {
    // The same ids cut into sequences of half the length: valid data for --seq-length 8.
    int[][] halves = new int[SEQUENCES * 2][];
    int[][] sequences = HandMadeData.sequences(vocabulary, SEQUENCES, LENGTH, 3);
    for (int s = 0; s < SEQUENCES; s++) {
      halves[2 * s] = Arrays.copyOfRange(sequences[s], 0, LENGTH / 2);
      halves[2 * s + 1] = Arrays.copyOfRange(sequences[s], LENGTH / 2, LENGTH);
    }
    Path data = HandMadeData.write(tmp.resolve("halves/document"), halves);
    refused(extension.withData(data).withLayout(BATCH, LENGTH / 2), "layout");
  }

  @Test
  void otherViews() {
    refused(extension.withViews("text"), "views");
    refused(extension.withViews("text", "tokens", "pythia-numbers"), "views");
  }

  @Test
  void otherShardSchedule() {
    refused(extension.withSchedule("every:4"), "shard schedule");
    refused(extension.withSchedule("pythia"), "shard schedule");
  }

  @Test
  void sameContentsUnderOtherPathsAreAccepted() throws IOException {
    Path copy = Files.createDirectories(tmp.resolve("copy"));
    for (String file : new String[] {"document.bin", "document.idx"}) {
      Files.copy(extension.data().resolveSibling(file), copy.resolve(file));
    }
    Path tokenizerCopy = Files.copy(vocabulary.file(), copy.resolve("tokenizer.json"));
    Path index = tmp.resolve("index-copy");
    copyTree(extension.index(), index);

    BuildResult result =
        extension
            .withIndex(index)
            .withData(copy.resolve("document"))
            .withTokenizer(tokenizerCopy)
            .withSteps(0, -1)
            .run();

    assertEquals(
        BUILT_STEPS / 2, result.shardsKept(), "the shards built from the original paths were kept");
    assertEquals(SEQUENCES, Manifest.read(index).indexedSequences());
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path path : walk.toList()) {
        Files.copy(path, to.resolve(from.relativize(path).toString()));
      }
    }
  }
}
