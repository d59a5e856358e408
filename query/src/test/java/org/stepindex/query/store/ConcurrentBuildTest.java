package org.stepindex.query.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;
import org.stepindex.query.Count;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.ViewQuery;

/**
 * Writers that cannot break each other: two builds of the same index in two real JVMs, started
 * together or one while the other runs and is then killed, share the work shard by shard and leave
 * exactly the index one build makes; readers opening the index meanwhile never block and always
 * answer from a whole manifest.
 */
class ConcurrentBuildTest {
  private static final int BATCH = 16;
  private static final int LENGTH = 129;

  /** 500 steps in 25 shards of 20 steps, one thread per child: each child needs seconds. */
  private static final long SEQUENCES = 8_000;

  private static final long STEPS = SEQUENCES / BATCH;
  private static final long SHARD_STEPS = 20;
  private static final long CHILD_TIMEOUT_SECONDS = 180;

  @TempDir static Path tmp;
  static Build reference;
  static List<ShardInfo> referenceShards;
  static Map<String, List<String>> queries;
  static long[] boundaries;
  static Map<String, Count> referenceCounts;

  @BeforeAll
  static void buildReference() {
    SyntheticCorpus.Result corpus =
        SyntheticCorpus.write(
            tmp.resolve("corpus"), new SynthOptions(SEQUENCES, LENGTH, BATCH, 11));
    reference =
        Build.of(
                corpus.dataPrefix(),
                corpus.tokenizer(),
                tmp.resolve("reference"),
                BATCH,
                LENGTH,
                "every:" + SHARD_STEPS)
            .withThreads(2);
    reference.run();
    referenceShards = Manifest.read(reference.index()).shards();
    queries = Counts.queries(corpus.tokenizer());
    boundaries = LongStream.rangeClosed(0, STEPS / SHARD_STEPS).map(i -> i * SHARD_STEPS).toArray();
    referenceCounts = Counts.at(reference.index(), queries, boundaries);
  }

  @Test
  void twoBuildsStartedTogetherShareTheWorkAndMakeOneIndex() throws Exception {
    Build build = reference.withIndex(tmp.resolve("together")).withThreads(1);
    Process first = ChildBuild.start(build, tmp.resolve("together-1.log"));
    Process second = ChildBuild.start(build, tmp.resolve("together-2.log"));
    try {
      int reads = readWhileBuilding(build.index(), first, second);
      assertTrue(reads > 0, "the index was read at least once while being built");
      int builtByFirst = builtBy(first, tmp.resolve("together-1.log"));
      int builtBySecond = builtBy(second, tmp.resolve("together-2.log"));
      assertEquals(
          referenceShards.size(),
          builtByFirst + builtBySecond,
          "each shard was built exactly once");
    } finally {
      ChildBuild.kill(first);
      ChildBuild.kill(second);
    }
    assertIsTheReferenceIndex(build.index());
  }

  @Test
  void aBuildJoiningAKilledOneTakesOverItsClaim() throws Exception {
    Build build = reference.withIndex(tmp.resolve("takeover")).withThreads(1);
    Process first = ChildBuild.start(build, tmp.resolve("takeover-1.log"));
    Process second = null;
    try {
      awaitShardsAndClaims(first, build.index(), 1, 1);
      second = ChildBuild.start(build, tmp.resolve("takeover-2.log"));
      // Both hold a claim: the first is killed in the middle of its shard, the second is at work on
      // another.
      awaitShardsAndClaims(second, build.index(), 1, 2);
      ChildBuild.kill(first);
      int builtBySecond = builtBy(second, tmp.resolve("takeover-2.log"));
      assertTrue(builtBySecond > 0, "the second build built the shards the killed one left");
    } finally {
      ChildBuild.kill(first);
      if (second != null) {
        ChildBuild.kill(second);
      }
    }
    assertIsTheReferenceIndex(build.index());
  }

  @Test
  void aReaderAnswersFromTheManifestItOpenedWhileTheIndexIsExtended() throws IOException {
    long half = STEPS / SHARD_STEPS / 2 * SHARD_STEPS;
    Build build = reference.withIndex(tmp.resolve("extended")).withSteps(0, half);
    build.run();
    try (FrequencyIndex before = FrequencyIndex.open(build.index())) {
      ViewQuery galaxy = before.compile("text", "galaxy");
      Count atHalf = before.countAt(galaxy, half);
      build.withSteps(half, -1).run();
      assertEquals(
          half, before.coveredEnd(), "the open index still has the shards of the manifest it read");
      assertEquals(atHalf, before.countAt(galaxy, half));
      assertEquals(referenceCounts.get("text galaxy @ " + half), atHalf);
    }
    assertIsTheReferenceIndex(build.index());
  }

  /**
   * Opens the index again and again until both children exit; each open must succeed at once and
   * count, at every shard boundary it covers, what the reference index counts. Returns the number
   * of opens.
   */
  private static int readWhileBuilding(Path index, Process... children) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_TIMEOUT_SECONDS);
    int reads = 0;
    while (Stream.of(children).anyMatch(Process::isAlive)) {
      if (System.nanoTime() > deadline) {
        fail("the builds did not finish in " + CHILD_TIMEOUT_SECONDS + " s");
      }
      if (Manifest.exists(index)) {
        try (FrequencyIndex reader = FrequencyIndex.open(index)) {
          ViewQuery galaxy = reader.compile("text", "galaxy");
          for (long step = 0; step <= reader.coveredEnd(); step += SHARD_STEPS) {
            assertEquals(
                referenceCounts.get("text galaxy @ " + step),
                reader.countAt(galaxy, step),
                "at " + step);
          }
          reads++;
        }
      }
      Thread.sleep(20);
    }
    return reads;
  }

  /** Waits for the child to exit 0 and returns how many shards it says it built. */
  private static int builtBy(Process child, Path log) throws Exception {
    if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      fail("a child build did not finish in " + CHILD_TIMEOUT_SECONDS + " s");
    }
    String out = Files.readString(log);
    assertEquals(0, child.exitValue(), () -> "child build failed: " + out);
    return Integer.parseInt(
        out.lines().filter(l -> l.startsWith("built ")).findFirst().orElseThrow().substring(6));
  }

  /**
   * Waits until the manifest lists {@code shards} shards and {@code claims} claims are held; fails
   * if child exits.
   */
  private static void awaitShardsAndClaims(Process child, Path index, int shards, int claims)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      if (!child.isAlive()) {
        fail(
            "the child build exited ("
                + child.exitValue()
                + ") before it could be observed mid-build; raise"
                + " SEQUENCES in ConcurrentBuildTest");
      }
      if (Manifest.exists(index)
          && Manifest.read(index).shards().size() >= shards
          && entries(index, ".claim-").size() >= claims) {
        return;
      }
      Thread.sleep(2);
    }
    fail("the child build did not reach " + shards + " shards and " + claims + " claims");
  }

  private static void assertIsTheReferenceIndex(Path index) throws IOException {
    assertEquals(referenceShards, Manifest.read(index).shards());
    assertEquals(List.of(), entries(index, ".tmp-"), "no temporary shard left");
    assertEquals(List.of(), entries(index, ".claim-"), "no claim left");
    assertEquals(referenceCounts, Counts.at(index, queries, boundaries));
    try (FrequencyIndex fi = FrequencyIndex.open(index)) {
      assertEquals(
          referenceShards.size(),
          fi.shardsInTermStatsTable(),
          "the writers' refreshes left a term statistics table of every shard");
    }
  }

  private static List<String> entries(Path index, String prefix) throws IOException {
    Path shards = index.resolve("shards");
    if (!Files.isDirectory(shards)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(shards)) {
      return list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).toList();
    }
  }
}
