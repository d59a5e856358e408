package org.stepindex.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.AddViewOptions;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ViewAdder;

/**
 * {@code verify --repair} of an index with an added view removes the damaged shard and nothing
 * else: the view stays in the manifest, and once the printed {@code index} command has rebuilt the
 * shard, every count, the view's included, is what it was before the damage.
 */
class RepairWithAddedViewsTest {
  private static final long[] STEPS = {0, 5, 10, 33, 40, 75};

  @TempDir Path tmp;

  @Test
  void repairKeepsTheAddedViewAndTheRebuiltIndexCountsAsBefore() throws IOException {
    SyntheticCorpus.Result corpus =
        SyntheticCorpus.write(tmp.resolve("corpus"), new SynthOptions(1200, 64, 16, 5));
    Path index = tmp.resolve("index");
    BuildOptions build =
        new BuildOptions(
            corpus.dataPrefix(),
            corpus.tokenizer(),
            index,
            new StepLayout(16, 64),
            List.of("text"),
            "every:10",
            0,
            -1,
            2);
    IndexBuilder.build(build, new BuildProgress());
    Path entities =
        Files.writeString(tmp.resolve("entities.tsv"), "E1\tgalaxy\tquasar nebula\nE2\tthe\n");
    Path pairs = Files.writeString(tmp.resolve("pairs.tsv"), "E1\tE2\n");
    ViewAdder.add(
        new AddViewOptions(index, "entities", entities, pairs, null, null, null, 2),
        new BuildProgress());
    Manifest before = Manifest.read(index);
    Map<String, Count> counts = counts(index);

    String damaged = before.shards().get(2).name();
    try (Stream<Path> files = Files.list(index.resolve("shards").resolve(damaged))) {
      Path postings =
          files.filter(f -> f.getFileName().toString().endsWith(".doc")).findFirst().orElseThrow();
      try (RandomAccessFile f = new RandomAccessFile(postings.toFile(), "rw")) {
        f.setLength(f.length() / 2);
      }
    }
    Verifier.Report report = new Verifier(index, null, false, d -> {}).verify();
    assertEquals(java.util.Set.of(damaged), report.damagedShards());
    new Verifier(index, null, false, d -> {}).repair(report);

    Manifest repaired = Manifest.read(index);
    assertEquals(before.shards().size() - 1, repaired.shards().size());
    assertEquals(
        before.addedViews(),
        repaired.addedViews(),
        "the added view and its side indexes stay listed");

    IndexBuilder.build(build, new BuildProgress());
    assertEquals(before.shards(), Manifest.read(index).shards());
    assertEquals(before.addedViews(), Manifest.read(index).addedViews());
    assertTrue(new Verifier(index, null, false, d -> {}).verify().clean());
    assertEquals(counts, counts(index));
  }

  private static Map<String, Count> counts(Path index) {
    Map<String, Count> counts = new LinkedHashMap<>();
    try (FrequencyIndex fi = FrequencyIndex.open(index)) {
      for (long step : STEPS) {
        counts.put("galaxy @ " + step, fi.countAt(fi.compile("text", "galaxy"), step));
        counts.put("E1 @ " + step, fi.countAt(fi.compile("entities", "E1"), step));
        counts.put("E1&E2 @ " + step, fi.cooccur("entities", "E1", "E2", 0, step));
      }
    }
    return counts;
  }
}
