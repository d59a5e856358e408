package org.stepindex.indexer.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.document.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.intervention.Intervention;
import org.stepindex.indexer.intervention.Interventions;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.layout.StepReader;
import org.stepindex.indexer.layout.WordCorpus;
import org.stepindex.indexer.order.PreShuffledOrder;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.SequenceContent;
import org.stepindex.indexer.views.TextView;
import org.stepindex.indexer.views.View;

/**
 * What the index builder indexes is what the trainer trains on: the sequences a {@link ShardWriter}
 * hands its views equal, step by step, the rows {@link StepReader#readStep} gives the trainer, with
 * and without an intervention.
 */
class IndexedSequencesTest {
  static final int BATCH = 4;
  static final int SEQ = 10;
  static final int STEPS = 6;

  @TempDir static Path dir;
  static HfTokenizer tokenizer;
  static MegatronDataset data;

  @BeforeAll
  static void setUp() {
    WordCorpus.write(dir, List.of("he", "she", "his", "her", "said"), STEPS * BATCH, SEQ, 1234);
    tokenizer = HfTokenizer.load(dir.resolve("tokenizer.json"));
    data = MegatronDataset.open(dir.resolve("corpus"));
  }

  @AfterAll
  static void close() {
    data.close();
    tokenizer.close();
  }

  @Test
  void theBuilderIndexesTheTrainersSequences() throws IOException {
    Intervention swap = Interventions.parse("swap-pronouns@3", tokenizer, STEPS);
    int changed = 0;
    for (Intervention intervention : new Intervention[] {null, swap}) {
      StepReader reader =
          new StepReader(PreShuffledOrder.of(data), new StepLayout(BATCH, SEQ), intervention);
      List<int[]> indexed = indexed(reader, intervention == null ? "plain" : "swapped");
      assertEquals(STEPS * BATCH, indexed.size());
      for (long step = 0; step < STEPS; step++) {
        int[] trained = reader.readStep(step);
        for (int row = 0; row < BATCH; row++) {
          int[] seen = indexed.get((int) step * BATCH + row);
          assertArrayEquals(
              Arrays.copyOfRange(trained, row * SEQ, (row + 1) * SEQ),
              seen,
              (intervention == null ? "plain" : intervention.spec())
                  + ", step "
                  + step
                  + " row "
                  + row);
          int[] onDisk = new int[SEQ];
          data.read(step * BATCH + row, onDisk);
          changed += Arrays.equals(onDisk, seen) ? 0 : 1;
          if (intervention == null || step < 3) {
            assertArrayEquals(onDisk, seen, "step " + step + " is trained on the data as it is");
          }
        }
      }
    }
    assertTrue(changed > 0, "the swap changed nothing; the corpus must hold pronouns after step 3");
  }

  /** The ids of every sequence a shard writer hands its views, one shard over the whole data. */
  private static List<int[]> indexed(StepReader reader, String name) throws IOException {
    List<int[]> seen = new ArrayList<>();
    View recorder =
        new View() {
          private final View text = new TextView();

          @Override
          public String name() {
            return text.name();
          }

          @Override
          public void addTo(Document doc, SequenceContent sequence) {
            seen.add(sequence.ids());
            text.addTo(doc, sequence);
          }
        };
    ShardWriter writer =
        new ShardWriter(reader, tokenizer, List.of(recorder), new BuildProgress(), 16);
    ShardInfo shard =
        new ShardInfo(
            ShardInfo.nameFor(0, STEPS),
            0,
            STEPS,
            0,
            STEPS * BATCH,
            reader.tokens(0, STEPS * BATCH));
    assertTrue(writer.write(shard, dir.resolve(name), () -> false));
    return seen;
  }
}
