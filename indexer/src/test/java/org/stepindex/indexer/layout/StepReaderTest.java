package org.stepindex.indexer.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.intervention.Intervention;
import org.stepindex.indexer.intervention.Interventions;
import org.stepindex.indexer.order.PreShuffledOrder;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * {@link StepReader}: a step's rows are its sequences in data order, cut to the layout's length,
 * and the intervention changes exactly the sequences of its steps, as {@link Intervention#apply}
 * changes them, before the cut.
 */
class StepReaderTest {
  static final int BATCH = 3;
  static final int SEQ = 8;

  /** Five whole steps and a partial sixth of two sequences. */
  static final int SEQUENCES = 5 * BATCH + 2;

  @TempDir static Path dir;
  static HfTokenizer tokenizer;
  static MegatronDataset data;
  static int[][] stored;

  @BeforeAll
  static void setUp() {
    stored = WordCorpus.write(dir, List.of("he", "she", "cat", "dog", "bird"), SEQUENCES, SEQ, 16);
    tokenizer = HfTokenizer.load(dir.resolve("tokenizer.json"));
    data = MegatronDataset.open(dir.resolve("corpus"));
  }

  @AfterAll
  static void close() {
    data.close();
    tokenizer.close();
  }

  /**
   * The sequence as the model saw it, computed apart from the reader: a copy, changed from the
   * start step on.
   */
  static int[] expected(long sequence, Intervention intervention) {
    int[] ids = stored[(int) sequence].clone();
    long step = sequence / BATCH;
    if (intervention != null && step >= intervention.startStep()) {
      intervention.apply(step, ids, ids.length);
    }
    return ids;
  }

  @Test
  void readsEachSequenceAsStoredWithoutAnIntervention() {
    StepReader reader = new StepReader(PreShuffledOrder.of(data), new StepLayout(BATCH, SEQ), null);
    int[] ids = new int[SEQ];
    for (long s = 0; s < SEQUENCES; s++) {
      assertEquals(SEQ, reader.read(s, ids));
      assertArrayEquals(stored[(int) s], ids, "sequence " + s);
    }
    assertEquals(SEQUENCES, reader.sequenceCount());
    assertEquals(2L * SEQ * BATCH, reader.tokens(BATCH, 3 * BATCH));
  }

  @Test
  void theInterventionChangesExactlyTheSequencesOfItsSteps() {
    Intervention swap = Interventions.parse("replace-words:cat=dog@2", tokenizer, 6);
    StepReader reader = new StepReader(PreShuffledOrder.of(data), new StepLayout(BATCH, SEQ), swap);
    int[] ids = new int[SEQ];
    boolean changedAny = false;
    for (long s = 0; s < SEQUENCES; s++) {
      reader.read(s, ids);
      assertArrayEquals(expected(s, swap), ids, "sequence " + s);
      changedAny |= !Arrays.equals(stored[(int) s], ids);
      if (s < 2 * BATCH) {
        assertArrayEquals(stored[(int) s], ids, "sequence " + s + " is before the start step");
      }
      // The builder's two calls give what read gives: as stored, then changed.
      int[] twoCalls = new int[SEQ];
      assertEquals(SEQ, reader.readStored(s, twoCalls));
      assertArrayEquals(stored[(int) s], twoCalls);
      reader.intervene(s, twoCalls, SEQ);
      assertArrayEquals(ids, twoCalls, "sequence " + s);
    }
    assertTrue(changedAny, "the corpus holds ' cat' after step 2");
  }

  @Test
  void aStepsRowsAreItsSequencesCutToTheLayoutsLength() {
    Intervention swap = Interventions.parse("replace-words:cat=dog@3", tokenizer, 6);
    for (Intervention intervention : new Intervention[] {null, swap}) {
      for (int keep : new int[] {SEQ, 5}) {
        StepReader reader =
            new StepReader(PreShuffledOrder.of(data), new StepLayout(BATCH, keep), intervention);
        for (long step = 0; step < 5; step++) {
          int[] rows = reader.readStep(step);
          assertEquals(BATCH * keep, rows.length);
          for (int row = 0; row < BATCH; row++) {
            assertArrayEquals(
                Arrays.copyOf(expected(step * BATCH + row, intervention), keep),
                Arrays.copyOfRange(rows, row * keep, (row + 1) * keep),
                "step " + step + " row " + row);
          }
        }
      }
    }
  }

  @Test
  void stepsTheDataCannotFillAreOneLineErrors() {
    StepReader reader = new StepReader(PreShuffledOrder.of(data), new StepLayout(BATCH, SEQ), null);
    reader.checkSteps(0, 5);
    assertOneLine(() -> reader.checkSteps(0, 6), "steps up to 6 need 18 sequences");
    StepReader longer =
        new StepReader(PreShuffledOrder.of(data), new StepLayout(BATCH, SEQ + 1), null);
    assertOneLine(
        () -> longer.checkSteps(1, 2), "sequence 3 has 8 tokens, fewer than --seq-length 9");
    assertOneLine(() -> longer.readStep(1), "sequence 3 has 8 tokens, fewer than --seq-length 9");
  }

  private static void assertOneLine(Runnable call, String expected) {
    StepIndexException e = assertThrows(StepIndexException.class, call::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }
}
