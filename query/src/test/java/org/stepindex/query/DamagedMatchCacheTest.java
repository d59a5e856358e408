package org.stepindex.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;

/**
 * A match cache with a flipped byte is never used: a query drops it with one warning and recomputes
 * the same count from the postings, and {@link Verifier} finds it and {@code repair} deletes it.
 */
class DamagedMatchCacheTest {
  private static final int BATCH = 16;
  private static final int LENGTH = 64;
  private static final String PHRASE = "\"quasar nebula\"";

  @TempDir static Path tmp;
  static Path index;
  static SyntheticCorpus.Result corpus;

  @BeforeAll
  static void build() {
    corpus = SyntheticCorpus.write(tmp.resolve("corpus"), new SynthOptions(800, LENGTH, BATCH, 5));
    index = tmp.resolve("index");
    IndexBuilder.build(
        new BuildOptions(
            corpus.dataPrefix(),
            corpus.tokenizer(),
            index,
            new StepLayout(BATCH, LENGTH),
            List.of("text"),
            "every:10",
            0,
            -1,
            1),
        new BuildProgress());
  }

  private static Count countPhrase(long step, List<String> warnings) {
    try (FrequencyIndex fi = FrequencyIndex.open(index, warnings::add)) {
      return fi.countAt(fi.compile("text", PHRASE), step);
    }
  }

  @Test
  void aFlippedByteInAMatchCacheIsDroppedWithAWarningAndRecomputed() throws Exception {
    List<String> warnings = new ArrayList<>();
    long end = Manifest.read(index).dataSteps();
    Count fresh = countPhrase(end, warnings);
    assertTrue(fresh.sequences() > 0, "the phrase occurs in the corpus");
    ShardInfo shard = Manifest.read(index).shards().get(2);
    Path shardDir = index.resolve("shards").resolve(shard.name());
    List<Path> caches = MatchCache.files(shardDir);
    assertEquals(1, caches.size(), "the phrase count cached its match set in each shard");
    Path cache = caches.getFirst();
    try (RandomAccessFile f = new RandomAccessFile(cache.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0x10);
    }
    assertFalse(MatchCache.isIntact(cache));

    Verifier.Report report = new Verifier(index, null, false, fraction -> {}).verify();
    assertEquals(
        List.of(Verifier.Kind.CACHE),
        report.problems().stream().map(Verifier.Problem::kind).toList());
    assertEquals(cache.toString(), report.problems().getFirst().where());

    assertEquals(fresh, countPhrase(end, warnings), "the damaged cache was not used");
    assertEquals(1, warnings.size(), warnings::toString);
    assertTrue(
        warnings.getFirst().contains(cache.toString()) && warnings.getFirst().contains("damaged"),
        warnings::toString);
    assertTrue(MatchCache.isIntact(cache), "the recomputed match set replaced the damaged file");
    assertTrue(new Verifier(index, null, false, fraction -> {}).verify().clean());
  }

  @Test
  void repairDeletesADamagedMatchCache() throws Exception {
    countPhrase(Manifest.read(index).dataSteps(), new ArrayList<>());
    ShardInfo shard = Manifest.read(index).shards().getFirst();
    Path cache = MatchCache.files(index.resolve("shards").resolve(shard.name())).getFirst();
    Files.write(cache, new byte[] {1, 2, 3});
    Verifier verifier = new Verifier(index, null, false, fraction -> {});
    Verifier.Report report = verifier.verify();
    assertEquals(1, report.problems().size(), report.problems()::toString);
    assertEquals(List.of("deleted match cache " + cache), verifier.repair(report));
    assertFalse(Files.exists(cache));
    assertEquals(Manifest.read(index).shards().size(), report.shards(), "no shard was touched");
    assertTrue(verifier.verify().clean());
  }
}
