package org.stepindex.indexer.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.stepindex.indexer.base.StepIndexException;

class StepLayoutTest {

  @Test
  void pythiaLayoutCoversTheWholeRun() {
    StepLayout pythia = StepLayout.pythia();
    assertEquals(1024, pythia.batchSize());
    assertEquals(2049, pythia.seqLength());
    // Checkpoint step143000 has seen 146,432,000 sequences: the whole Pythia run.
    assertEquals(146_432_000L, pythia.firstSequence(143_000));
    assertEquals(143_000, pythia.stepCount(146_432_000L));
    assertFalse(pythia.hasPartialLastStep(146_432_000L));
  }

  @Test
  void stepsAndSequencesAgreeWithBruteForce() {
    StepLayout layout = new StepLayout(3, 7);
    long step = 0;
    int inStep = 0;
    for (long sequence = 0; sequence < 50; sequence++) {
      assertEquals(step, layout.stepOf(sequence), "step of sequence " + sequence);
      assertEquals(sequence - inStep, layout.firstSequence(step));
      // sequences [0, sequence] make this many steps: the current one is partial unless it just
      // completed
      assertEquals(step + 1, layout.stepCount(sequence + 1));
      assertEquals(inStep != 2, layout.hasPartialLastStep(sequence + 1));
      if (++inStep == 3) {
        inStep = 0;
        step++;
      }
    }
    assertEquals(0, layout.stepCount(0));
    assertFalse(layout.hasPartialLastStep(0));
  }

  @Test
  void aPartialTrailingBatchIsAStep() {
    StepLayout layout = new StepLayout(1024, 2049);
    assertEquals(2, layout.stepCount(1025));
    assertTrue(layout.hasPartialLastStep(1025));
    assertEquals(1, layout.stepCount(1024));
    assertEquals(1, layout.stepCount(1));
  }

  @Test
  void rejectsBadLayoutsAndArguments() {
    assertOneLineError(() -> new StepLayout(0, 2049), "batch size 0");
    assertOneLineError(() -> new StepLayout(1024, -1), "sequence length -1");
    StepLayout layout = StepLayout.pythia();
    assertOneLineError(() -> layout.firstSequence(-1), "step -1 is negative");
    assertOneLineError(() -> layout.stepOf(-5), "sequence -5 is negative");
    assertOneLineError(() -> layout.stepCount(-5), "negative");
    assertOneLineError(() -> layout.hasPartialLastStep(-5), "negative");
    assertOneLineError(() -> layout.firstSequence(Long.MAX_VALUE / 1000), "overflows");
    assertEquals((Long.MAX_VALUE / 1024) * 1024, layout.firstSequence(Long.MAX_VALUE / 1024));
  }

  static void assertOneLineError(Runnable call, String expectedPart) {
    StepIndexException e = assertThrows(StepIndexException.class, call::run);
    assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }
}
