package org.stepindex.query.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
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
 * An index built in several {@code --steps} runs answers every query at every step exactly as one
 * uninterrupted build does; when the runs' ends fall on shard boundaries the shards are the same
 * too, and when they do not, the shards are split at those ends and the counts still agree.
 */
class ExtendEqualsFullBuildTest {
  private static final int BATCH = 16;
  private static final int LENGTH = 64;

  /**
   * 62 full steps and a partial step 62: 63 steps; pythia boundaries 0, 1, 2, 4, 8, 16, 32, then
   * the end.
   */
  private static final long SEQUENCES = 1000;

  private static final long STEPS = 63;

  /** Every step, so counts are compared at every shard boundary and inside every shard. */
  private static final long[] ALL_STEPS = LongStream.rangeClosed(0, STEPS).toArray();

  @TempDir static Path tmp;
  static Build full;
  static Map<String, List<String>> queries;
  static List<ShardInfo> fullShards;
  static Map<String, Count> fullCounts;

  @BeforeAll
  static void buildWhole() {
    SyntheticCorpus.Result corpus =
        SyntheticCorpus.write(tmp.resolve("corpus"), new SynthOptions(SEQUENCES, LENGTH, BATCH, 5));
    full =
        Build.of(
            corpus.dataPrefix(), corpus.tokenizer(), tmp.resolve("full"), BATCH, LENGTH, "pythia");
    full.run();
    queries = Counts.queries(corpus.tokenizer());
    fullShards = Manifest.read(full.index()).shards();
    fullCounts = Counts.at(full.index(), queries, ALL_STEPS);
    fullCounts.forEach(
        (key, count) -> {
          if (key.endsWith("@ " + STEPS)) {
            assertTrue(
                count.occurrences() > 0,
                "every query matches somewhere, so equal counts mean something: " + key);
          }
        });
  }

  /**
   * Builds into {@code name} in runs {@code [ends[i-1], ends[i])} from step 0, the last to the end
   * of the data.
   */
  private static Build inRuns(String name, long... ends) {
    Build build = full.withIndex(tmp.resolve(name));
    long from = 0;
    for (long end : ends) {
      build.withSteps(from, end).run();
      from = end;
    }
    build.withSteps(from, -1).run();
    return build;
  }

  @Test
  void runsEndingOnShardBoundariesGiveTheSameShardsAndCounts() {
    Build build = inRuns("aligned", 16, 32);
    assertEquals(fullShards, Manifest.read(build.index()).shards());
    assertEquals(fullCounts, Counts.at(build.index(), queries, ALL_STEPS));
  }

  @Test
  void runsEndingInsideShardsSplitThemAndGiveTheSameCounts() {
    Build build = inRuns("unaligned", 20, 40);
    List<Long> firstSteps =
        Manifest.read(build.index()).shards().stream().map(ShardInfo::firstStep).toList();
    assertEquals(
        List.of(0L, 1L, 2L, 4L, 8L, 16L, 20L, 32L, 40L),
        firstSteps,
        "shards 16:32 and 32:63 were split");
    assertEquals(fullCounts, Counts.at(build.index(), queries, ALL_STEPS));
  }

  @Test
  void laterStepsFirstThenTheRest() {
    Build build = full.withIndex(tmp.resolve("later-first"));
    build.withSteps(32, -1).run();
    BuildResult rest = build.run();
    assertEquals(1, rest.shardsKept(), "the shard 32:63 of the first run");
    assertEquals(fullShards, Manifest.read(build.index()).shards());
    assertEquals(fullCounts, Counts.at(build.index(), queries, ALL_STEPS));
  }

  @Test
  void repeatingACompleteBuildChangesNothing() {
    Build build = inRuns("repeated");
    Map<String, String> before = Snapshot.of(build.index());
    BuildResult again = build.run();
    assertEquals(0, again.shardsBuilt());
    assertEquals(fullShards.size(), again.shardsKept());
    assertEquals(before, Snapshot.of(build.index()));
  }
}
