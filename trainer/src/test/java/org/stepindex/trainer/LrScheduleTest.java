package org.stepindex.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Pythia's schedule at chosen steps. */
class LrScheduleTest {

  @Test
  void pythia70m() {
    // lr 1e-3, min 10%, warm-up 1% of 143,000 = 1,430 steps, cosine to step 143,000.
    LrSchedule s = new LrSchedule(1e-3, 1e-4, 0.01 * 143_000, 143_000);
    assertEquals(0.0, s.at(0));
    assertEquals(1e-3 / 1430, s.at(1), 1e-18);
    assertEquals(0.5e-3, s.at(715), 1e-15);
    assertEquals(1e-3, s.at(1430), 1e-15);
    assertEquals(
        5.5e-4,
        s.at((1430 + 143_000) / 2),
        1e-15); // half-way through the decay: the mean of peak and floor
    assertEquals(1e-4, s.at(143_000), 1e-15);
    assertEquals(1e-4, s.at(200_000), 1e-15);
    double quarter = 1e-4 + 0.9e-3 / 2 * (Math.cos(Math.PI * 0.25) + 1);
    assertEquals(
        quarter, s.at(1430 + 35_392), 1e-8); // a quarter of the 141,570 decay steps, rounded down
    assertEquals(1e-4 + 0.9e-3 / 2 * (Math.cos(Math.PI * 100.0 / 141_570) + 1), s.at(1530), 1e-15);
  }

  @Test
  void withoutWarmupTheFirstStepUsesThePeak() {
    LrSchedule s = new LrSchedule(3e-3, 3e-4, 0, 10);
    assertEquals(3e-3, s.at(0), 1e-18);
    assertEquals(3e-4, s.at(10), 1e-18);
  }

  @Test
  void warmupAsFractionOrSteps() {
    TrainConfig fraction = config(0.25, 40);
    assertEquals(10.0, fraction.warmupSteps());
    TrainConfig steps = config(3, 40);
    assertEquals(3.0, steps.warmupSteps());
    assertEquals(1e-3, steps.schedule().at(3), 1e-18);
  }

  private static TrainConfig config(double warmup, long total) {
    return new TrainConfig(
        "d", "t", 4, 33, 4, total, total, 1e-3, warmup, 0.1, 0.01, 1.0, 0.9, 0.95, 1e-8, 1,
        "pythia");
  }
}
