package org.stepindex.indexer.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.stepindex.indexer.layout.StepLayoutTest.assertOneLineError;

import java.util.Arrays;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CheckpointScheduleTest {

  @Test
  void pythiaHasItsPublished154Checkpoints() {
    long[] steps = CheckpointSchedule.parse("pythia").stepsUpTo(143_000);
    assertEquals(154, steps.length);
    assertArrayEquals(
        new long[] {0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000, 2000},
        Arrays.copyOf(steps, 13));
    assertEquals(142_000, steps[152]);
    assertEquals(143_000, steps[153]);
    // independent construction: the checkpoint names step0, step1, ..., step143000 of the Hugging
    // Face repos
    TreeSet<Long> expected = new TreeSet<>();
    expected.add(0L);
    for (long s = 1; s <= 512; s *= 2) {
      expected.add(s);
    }
    for (long s = 1000; s <= 143_000; s += 1000) {
      expected.add(s);
    }
    assertArrayEquals(expected.stream().mapToLong(Long::longValue).toArray(), steps);
  }

  @Test
  void pythiaContinuesEvery1000AndStopsAtTheLastStep() {
    CheckpointSchedule pythia = CheckpointSchedule.parse(" pythia ");
    assertEquals("pythia", pythia.spec());
    assertArrayEquals(new long[] {0}, pythia.stepsUpTo(0));
    assertArrayEquals(new long[] {0, 1, 2, 4}, pythia.stepsUpTo(7));
    assertArrayEquals(new long[] {0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512}, pythia.stepsUpTo(999));
    long[] beyond = pythia.stepsUpTo(145_500);
    assertEquals(156, beyond.length);
    assertEquals(145_000, beyond[155]);
  }

  @Test
  void everyN() {
    CheckpointSchedule every = CheckpointSchedule.parse("every:250");
    assertEquals("every:250", every.spec());
    assertArrayEquals(new long[] {0, 250, 500, 750, 1000}, every.stepsUpTo(1000));
    assertArrayEquals(new long[] {0, 250, 500, 750, 1000}, every.stepsUpTo(1249));
    assertArrayEquals(new long[] {0}, every.stepsUpTo(249));
    assertArrayEquals(new long[] {0, 1, 2, 3}, CheckpointSchedule.parse("every:1").stepsUpTo(3));
  }

  @Test
  void explicitListIsSortedAndDeduplicated() {
    CheckpointSchedule list = CheckpointSchedule.parse("1000, 0,100,100");
    assertEquals("0,100,1000", list.spec());
    assertEquals(list, CheckpointSchedule.parse(list.spec()));
    assertArrayEquals(new long[] {0, 100, 1000}, list.stepsUpTo(5000));
    assertArrayEquals(new long[] {0, 100}, list.stepsUpTo(999));
    assertArrayEquals(new long[] {100}, CheckpointSchedule.parse("100").stepsUpTo(100));
    assertArrayEquals(new long[] {}, CheckpointSchedule.parse("100").stepsUpTo(99));
  }

  @Test
  void boundariesEndWithTheLastStep() {
    CheckpointSchedule pythia = CheckpointSchedule.parse("pythia");
    assertArrayEquals(new long[] {0, 1, 2, 4, 8, 10}, pythia.boundariesUpTo(10));
    assertArrayEquals(new long[] {0, 1, 2, 4, 8}, pythia.boundariesUpTo(8));
    long[] full = pythia.boundariesUpTo(143_000);
    assertEquals(154, full.length);
    assertArrayEquals(new long[] {50}, CheckpointSchedule.parse("100").boundariesUpTo(50));
    assertArrayEquals(new long[] {0}, CheckpointSchedule.parse("every:10").boundariesUpTo(0));
  }

  @Test
  void rejectsJunkWithOneLineNamingTheSpecAndTheForms() {
    for (String junk :
        new String[] {
          "",
          "  ",
          "pythia2",
          "every:",
          "every:0",
          "every:-5",
          "every:x",
          "1,,2",
          "-1",
          "0,1.5",
          "+3",
          "99999999999999999999",
          "Pythia"
        }) {
      if (junk.isBlank()) {
        assertOneLineError(() -> CheckpointSchedule.parse(junk), "'pythia', 'every:N'");
      } else {
        assertOneLineError(() -> CheckpointSchedule.parse(junk), "'" + junk + "'");
        assertOneLineError(() -> CheckpointSchedule.parse(junk), "'pythia', 'every:N'");
      }
    }
    assertOneLineError(() -> CheckpointSchedule.parse(null), "no checkpoint schedule");
    assertOneLineError(() -> CheckpointSchedule.parse("pythia").stepsUpTo(-1), "negative");
    assertOneLineError(
        () -> CheckpointSchedule.parse("every:1").stepsUpTo(Long.MAX_VALUE), "too many");
  }
}
