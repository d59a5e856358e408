package org.stepindex.query.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.store.IndexLock;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.TermStatsTable;

/**
 * A kill outside shard writing leaves debris too, and the next run must clean it up and finish the
 * index: a kill at the very start of a new index (something is in the directory, its first manifest
 * is not yet), and a kill while the manifest is being replaced (its temporary file stays in the
 * index root).
 */
class KillDebrisTest {
  private static final int BATCH = 16;
  private static final int LENGTH = 64;
  private static final long SEQUENCES = 320;
  private static final String SCHEDULE = "every:5";

  @TempDir static Path tmp;
  static Build build;

  @BeforeAll
  static void writeCorpus() {
    SyntheticCorpus.Result corpus =
        SyntheticCorpus.write(
            tmp.resolve("corpus"), new SynthOptions(SEQUENCES, LENGTH, BATCH, 13));
    build =
        Build.of(
            corpus.dataPrefix(),
            corpus.tokenizer(),
            tmp.resolve("unused"),
            BATCH,
            LENGTH,
            SCHEDULE);
  }

  @Test
  void killAtTheStartOfANewIndexIsResumable() throws Exception {
    Build killed = build.withIndex(tmp.resolve("killed-at-start"));
    Path log = tmp.resolve("killed-at-start.log");
    Process child = ChildBuild.start(killed, log);
    try {
      // Kill as soon as the new index directory holds anything; its first manifest is complete a
      // moment later.
      while (isEmptyOrAbsent(killed.index())) {
        if (!child.isAlive()) {
          fail("the child exited before it wrote into the index: " + Files.readString(log));
        }
        Thread.onSpinWait();
      }
    } finally {
      ChildBuild.kill(child);
    }

    killed.run();

    assertEquals(SEQUENCES, Manifest.read(killed.index()).indexedSequences());
    assertOnlyManifestAndShards(killed.index());
  }

  private static boolean isEmptyOrAbsent(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  @Test
  void manifestTemporaryFileOfAKilledRunIsRemoved() throws IOException {
    Build resumed = build.withIndex(tmp.resolve("killed-writing-manifest")).withSteps(0, 10);
    resumed.run();
    // What AtomicFiles.write leaves when killed between creating its temporary file and renaming it
    // over the manifest.
    String manifest = Files.readString(resumed.index().resolve(Manifest.FILE_NAME));
    Files.writeString(
        resumed.index().resolve("." + Manifest.FILE_NAME + ".8514703327311.tmp"),
        manifest.substring(0, manifest.length() / 2));

    resumed.withSteps(0, -1).run();

    assertEquals(SEQUENCES, Manifest.read(resumed.index()).indexedSequences());
    assertOnlyManifestAndShards(resumed.index());
  }

  private static void assertOnlyManifestAndShards(Path index) throws IOException {
    try (Stream<Path> root = Files.list(index)) {
      List<String> names = root.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(
          List.of(IndexLock.FILE_NAME, Manifest.FILE_NAME, "shards", TermStatsTable.DIR),
          names,
          "only the lock file, the manifest, the shards and their term statistics remain");
    }
  }
}
