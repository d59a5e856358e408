package org.stepindex.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.indexer.store.IndexLayout;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;

/**
 * Opening an index reads its manifest alone, and a count opens only the shards it needs (#19: a
 * cold count in a fresh process pays for what it reads). Seen from outside: with one shard's files
 * gone, the index still opens, and every count that does not need that shard gives the same numbers
 * as on the whole index, with and without the term statistics table; a count that needs it is the
 * one line that names the damaged shard.
 */
class LazyOpeningTest {
  private static final int BATCH = 16;
  private static final int LENGTH = 64;

  @TempDir static Path tmp;
  static Path index;
  static Path broken;
  static ShardInfo gone;

  @BeforeAll
  static void build() throws IOException {
    SyntheticCorpus.Result corpus =
        SyntheticCorpus.write(tmp.resolve("corpus"), new SynthOptions(800, LENGTH, BATCH, 5));
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
    broken = tmp.resolve("broken");
    TestFiles.copyTree(index, broken);
    List<ShardInfo> shards = Manifest.read(broken).shards();
    assertTrue(shards.size() >= 4, "enough shards to leave one out: " + shards.size());
    gone = shards.get(3);
    AtomicFiles.deleteTree(IndexLayout.of(broken).shard(gone.name()));
  }

  @Test
  void aCountOpensOnlyTheShardsItsStepsNeed() {
    for (boolean table : new boolean[] {true, false}) {
      try (FrequencyIndex whole = open(index, table);
          FrequencyIndex lazy = open(broken, table)) {
        for (String query : new String[] {"the", "\"quasar nebula\"", "galaxy OR nebula"}) {
          ViewQuery a = whole.compile("text", query);
          ViewQuery b = lazy.compile("text", query);
          for (long step = 0; step <= gone.firstStep(); step++) {
            assertEquals(whole.countAt(a, step), lazy.countAt(b, step), query + " at step " + step);
          }
          long after = gone.endStep();
          assertEquals(
              whole.countRange(a, after, whole.coveredEnd()),
              lazy.countRange(b, after, lazy.coveredEnd()),
              query + " after the missing shard");
          StepIndexException e =
              assertThrows(
                  StepIndexException.class,
                  () -> lazy.countAt(b, gone.firstStep() + 1),
                  "a count that needs the missing shard");
          assertEquals(FrequencyIndex.damaged(broken, gone).getMessage(), e.getMessage());
        }
      }
    }
  }

  private static FrequencyIndex open(Path dir, boolean table) {
    List<String> warnings = new ArrayList<>();
    return table ? FrequencyIndex.open(dir, warnings::add) : FrequencyIndex.openShardByShard(dir);
  }
}
