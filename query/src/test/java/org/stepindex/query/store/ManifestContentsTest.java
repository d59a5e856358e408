package org.stepindex.query.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.BuildResult;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.query.Count;
import org.stepindex.query.FrequencyIndex;

/**
 * What a finished build records: the manifest describes the layout, views, schedule, data and
 * tokenizer (with fingerprints an independent computation reproduces), and its shards tile the data
 * in step order down to the trailing partial batch, which is indexed as a step of its own.
 */
class ManifestContentsTest {
  private static final int BATCH = 16;
  private static final int LENGTH = 64;

  /** 62 full steps and a partial step 62 of 8 sequences: 63 steps. */
  private static final long SEQUENCES = 1000;

  private static final long STEPS = 63;
  private static final long PARTIAL_STEP_FIRST_SEQUENCE = 62 * BATCH;

  @TempDir static Path tmp;
  static SyntheticCorpus.Result corpus;
  static Path index;
  static BuildResult result;
  static Manifest manifest;

  @BeforeAll
  static void build() {
    corpus =
        SyntheticCorpus.write(
            tmp.resolve("corpus"), new SynthOptions(SEQUENCES, LENGTH, BATCH, 11));
    index = tmp.resolve("index");
    // Views in a non-default order: the manifest must keep the order asked for.
    result =
        Build.of(corpus.dataPrefix(), corpus.tokenizer(), index, BATCH, LENGTH, "every:10")
            .withViews("tokens", "text")
            .run();
    manifest = Manifest.read(index);
  }

  @Test
  void recordsLayoutViewsAndSchedule() {
    assertEquals(Manifest.FORMAT, manifest.format());
    assertEquals(new StepLayout(BATCH, LENGTH), manifest.layout());
    assertEquals(List.of("tokens", "text"), manifest.views());
    assertEquals("every:10", manifest.shardSchedule());
    assertEquals(STEPS, manifest.dataSteps());
  }

  @Test
  void recordsTheDataAndTokenizerWithTheirFingerprints() throws Exception {
    try (MegatronDataset data = MegatronDataset.open(corpus.dataPrefix());
        HfTokenizer tokenizer = HfTokenizer.load(corpus.tokenizer())) {
      assertEquals(SEQUENCES, manifest.data().sequences());
      assertEquals(data.totalTokens(), manifest.data().tokens());
      assertEquals(SEQUENCES * LENGTH, manifest.data().tokens());
      assertTrue(
          manifest.data().fingerprint().matches("[0-9a-f]{64}"), manifest.data().fingerprint());
      assertTrue(Path.of(manifest.data().path()).isAbsolute(), manifest.data().path());
      assertEquals(tokenizer.vocabSize(), manifest.tokenizer().vocabSize());
      // The tokenizer hash is of the file's bytes, computed here independently of HfTokenizer.
      assertEquals(
          Snapshot.sha256(Files.readAllBytes(corpus.tokenizer())), manifest.tokenizer().sha256());
      assertEquals(corpus.tokenizer().toAbsolutePath().toString(), manifest.tokenizer().path());
    }
  }

  @Test
  void shardsFollowTheScheduleAndTileTheDataInStepOrder() {
    List<ShardInfo> shards = manifest.shards();
    List<Long> firstSteps = shards.stream().map(ShardInfo::firstStep).toList();
    assertEquals(List.of(0L, 10L, 20L, 30L, 40L, 50L, 60L), firstSteps);
    long nextStep = 0;
    for (ShardInfo shard : shards) {
      assertEquals(nextStep, shard.firstStep(), "shards are contiguous: " + shard.name());
      assertTrue(shard.endStep() > shard.firstStep(), shard.name());
      assertEquals(shard.firstStep() * BATCH, shard.firstSequence(), shard.name());
      assertEquals(Math.min(shard.endStep() * BATCH, SEQUENCES), shard.endSequence(), shard.name());
      assertEquals(shard.sequences() * LENGTH, shard.tokens(), shard.name());
      assertEquals(ShardInfo.nameFor(shard.firstStep(), shard.endStep()), shard.name());
      nextStep = shard.endStep();
    }
    assertEquals(STEPS, nextStep, "the last shard ends with the data");
    assertEquals(7, result.shardsBuilt());
    assertEquals(0, result.shardsKept());
    assertEquals(shards, result.manifest().shards());
  }

  @Test
  void shardsDirectoryHoldsExactlyTheListedShards() throws Exception {
    try (Stream<Path> entries = Files.list(index.resolve("shards"))) {
      List<String> onDisk = entries.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(manifest.shards().stream().map(ShardInfo::name).toList(), onDisk);
    }
  }

  @Test
  void totalsEqualTheData() {
    assertEquals(SEQUENCES, manifest.indexedSequences());
    assertEquals(manifest.data().tokens(), manifest.indexedTokens());
    assertEquals(SEQUENCES, result.sequences());
    assertEquals(manifest.data().tokens(), result.tokens());
  }

  @Test
  void trailingPartialBatchIsIndexedAsTheLastStep() throws Exception {
    ShardInfo last = manifest.shards().getLast();
    assertEquals(STEPS, last.endStep());
    assertEquals(SEQUENCES, last.endSequence());
    assertEquals(
        SEQUENCES - 60 * BATCH, last.sequences(), "steps 60 and 61 full, 62 holds 8 sequences");

    // Count a frequent token in the 8 sequences of step 62 straight from the .bin, and ask the
    // index for step 62.
    try (HfTokenizer tokenizer = HfTokenizer.load(corpus.tokenizer());
        MegatronDataset data = MegatronDataset.open(corpus.dataPrefix());
        FrequencyIndex frequencies = FrequencyIndex.open(index)) {
      int the = tokenizer.idOf("Ġthe").orElseThrow();
      long sequences = 0;
      long occurrences = 0;
      int[] ids = new int[LENGTH];
      for (long s = PARTIAL_STEP_FIRST_SEQUENCE; s < SEQUENCES; s++) {
        int n = 0;
        for (int i = 0, length = data.read(s, ids); i < length; i++) {
          n += ids[i] == the ? 1 : 0;
        }
        sequences += n > 0 ? 1 : 0;
        occurrences += n;
      }
      assertTrue(occurrences > 0, "the partial batch holds ' the'");
      Count inLastStep =
          frequencies.countRange(frequencies.compile("tokens", Integer.toString(the)), 62, 63);
      assertEquals(new Count(sequences, occurrences), inLastStep);
    }
  }
}
