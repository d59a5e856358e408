package org.stepindex.query.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stepindex.query.store.BuildFailures.assertOneLineFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.Manifest;

/**
 * A build that stops on invalid data found mid-build undoes what it did: a directory it created is
 * gone, an empty directory it was given is empty again, and an index it was extending is byte for
 * byte what it was. The data holds an id outside the vocabulary at sequence 41 (step 10 of 16), and
 * shards are one step each, so every failing run has already published shards (and written the
 * manifest) when it reads the bad id.
 */
class BuildRollbackTest {
  private static final int BATCH = 4;
  private static final int LENGTH = 16;
  private static final int SEQUENCES = 64;
  private static final int BAD_SEQUENCE = 41;

  /**
   * The steps before the bad id's step 10 are valid: an index of them can be built, then extended
   * over it.
   */
  private static final long VALID_STEPS = 8;

  @TempDir static Path tmp;
  static Build badData;

  @BeforeAll
  static void writeData() {
    HandMadeData.Vocabulary vocabulary = HandMadeData.tokenizer(tmp.resolve("tokenizer.json"));
    int[][] sequences = HandMadeData.sequences(vocabulary, SEQUENCES, LENGTH, 2);
    sequences[BAD_SEQUENCE][7] = vocabulary.outsideId();
    Path data = HandMadeData.write(tmp.resolve("data/document"), sequences);
    badData = Build.of(data, vocabulary.file(), tmp.resolve("unused"), BATCH, LENGTH, "every:1");
  }

  /** Runs a build that must stop at the bad id after publishing at least one shard. */
  private static void failsAfterPublishingShards(Build build) {
    BuildProgress progress = new BuildProgress();
    assertOneLineFailure(build, progress, "sequence " + BAD_SEQUENCE);
    assertTrue(
        progress.shardsDone() > 0,
        "the run published shards before the failure, so it had work to undo");
  }

  @ParameterizedTest(name = "threads {0}")
  @ValueSource(ints = {1, 2})
  void newIndexDirectoryIsRemoved(int threads) {
    Path index = tmp.resolve("new-" + threads);
    failsAfterPublishingShards(badData.withIndex(index).withThreads(threads));
    assertFalse(Files.exists(index), "the failed build left " + index);
  }

  @Test
  void givenEmptyDirectoryIsLeftEmpty() throws IOException {
    Path index = Files.createDirectories(tmp.resolve("empty"));
    failsAfterPublishingShards(badData.withIndex(index));
    try (Stream<Path> entries = Files.list(index)) {
      assertEquals(
          0, entries.count(), "the directory existed empty before the build and is empty again");
    }
  }

  @ParameterizedTest(name = "threads {0}")
  @ValueSource(ints = {1, 2})
  void extendedIndexIsLeftExactlyAsItWas(int threads) {
    Build build = badData.withIndex(tmp.resolve("extended-" + threads)).withThreads(threads);
    build.withSteps(0, VALID_STEPS).run();
    Map<String, String> before = Snapshot.of(build.index());

    // Steps 8 and 9 are new valid shards this run publishes before it reaches step 10.
    failsAfterPublishingShards(build);

    assertEquals(before, Snapshot.of(build.index()));
    assertEquals(VALID_STEPS, Manifest.read(build.index()).shards().getLast().endStep());
  }
}
