package org.stepindex.query.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.stepindex.indexer.store.BuildResult;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;
import org.stepindex.query.Count;

/**
 * A build killed with SIGKILL (in a child JVM, while shards are being written) and then run again
 * gives the index an uninterrupted build gives: the same shards, no temporary debris, the same
 * counts at every shard boundary and inside shards; and the second run keeps the shards the killed
 * one finished.
 */
class ResumeAfterKillTest {
  private static final int BATCH = 16;
  private static final int LENGTH = 129;

  /**
   * 500 steps in 25 shards of 20 steps: the child needs seconds, so each kill lands mid-build.
   * Should a fast machine finish before the kill, the test says to raise this.
   */
  private static final long SEQUENCES = 8_000;

  private static final long STEPS = SEQUENCES / BATCH;
  private static final long SHARD_STEPS = 20;
  private static final String SCHEDULE = "every:" + SHARD_STEPS;
  private static final long POLL_MILLIS = 2;
  private static final long CHILD_TIMEOUT_SECONDS = 120;

  @TempDir static Path tmp;
  static Build reference;
  static Map<String, List<String>> queries;
  static long[] steps;
  static List<ShardInfo> referenceShards;
  static Map<String, Count> referenceCounts;

  @BeforeAll
  static void buildUninterrupted() {
    SyntheticCorpus.Result corpus =
        SyntheticCorpus.write(tmp.resolve("corpus"), new SynthOptions(SEQUENCES, LENGTH, BATCH, 9));
    reference =
        Build.of(
                corpus.dataPrefix(),
                corpus.tokenizer(),
                tmp.resolve("reference"),
                BATCH,
                LENGTH,
                SCHEDULE)
            .withThreads(2);
    reference.run();
    referenceShards = Manifest.read(reference.index()).shards();
    queries = Counts.queries(corpus.tokenizer());
    // Every shard boundary including the end, and steps inside the first, a middle and the last
    // shard.
    LongStream boundaries =
        LongStream.rangeClosed(0, STEPS / SHARD_STEPS).map(i -> i * SHARD_STEPS);
    steps =
        LongStream.concat(boundaries, LongStream.of(STEPS, 7, STEPS / 2 + 11, STEPS - 3)).toArray();
    referenceCounts = Counts.at(reference.index(), queries, steps);
  }

  @Test
  void killedAfterTheFirstShard() throws Exception {
    killThenResume("early", 1);
  }

  @Test
  void killedHalfWay() throws Exception {
    killThenResume("late", referenceShards.size() / 2);
  }

  private static void killThenResume(String name, int shardsBeforeKill) throws Exception {
    Build build = reference.withIndex(tmp.resolve(name));
    Path log = tmp.resolve(name + ".log");
    Process child = ChildBuild.start(build, log);
    try {
      awaitMidBuild(child, build.index(), shardsBeforeKill, log);
    } finally {
      ChildBuild.kill(child);
    }
    int finishedByChild = Manifest.read(build.index()).shards().size();
    assertTrue(
        finishedByChild < referenceShards.size(),
        "the child finished just before the kill; raise SEQUENCES in ResumeAfterKillTest");
    assertFalse(
        shardsInProgress(build.index()).isEmpty(),
        "the kill left a half-written shard to clean up");

    BuildResult resumed = build.run();

    assertEquals(
        finishedByChild, resumed.shardsKept(), "the shards the killed run finished are kept");
    assertEquals(referenceShards, Manifest.read(build.index()).shards());
    assertEquals(List.of(), shardsInProgress(build.index()));
    assertEquals(referenceCounts, Counts.at(build.index(), queries, steps));
  }

  /**
   * Waits until the manifest lists at least {@code shards} shards while a shard is being written (a
   * {@code .tmp-} directory exists); fails if the child exits first.
   */
  private static void awaitMidBuild(Process child, Path index, int shards, Path log)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      if (!child.isAlive()) {
        fail(
            child.exitValue() == 0
                ? "the child build finished before it could be killed; raise SEQUENCES in ResumeAfterKillTest"
                : "the child build failed (exit "
                    + child.exitValue()
                    + "): "
                    + Files.readString(log));
      }
      if (Manifest.exists(index)
          && Manifest.read(index).shards().size() >= shards
          && !shardsInProgress(index).isEmpty()) {
        return;
      }
      Thread.sleep(POLL_MILLIS);
    }
    fail("the child build did not reach " + shards + " shards in " + CHILD_TIMEOUT_SECONDS + " s");
  }

  /** The shards being written: {@code shards/.tmp-*} directories. */
  private static List<String> shardsInProgress(Path index) throws IOException {
    Path shards = index.resolve("shards");
    if (!Files.isDirectory(shards)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(shards)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith(".tmp-"))
          .toList();
    }
  }
}
