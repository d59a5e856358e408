package org.stepindex.trainer;

/**
 * Pythia's learning-rate schedule, as GPT-NeoX's {@code AnnealingLR} computes it: a linear warm-up
 * from 0 to the peak over {@code warmupSteps}, then a cosine decay to {@code min} at {@code
 * totalSteps}, and {@code min} after it.
 *
 * <p>Step {@code s} (0-based) uses {@code at(s)}. As in GPT-NeoX, whose scheduler is built at
 * iteration 0 and stepped after each optimizer step, the first step of a run with warm-up uses a
 * learning rate of 0; its gradient still moves AdamW's moments. Pythia: peak per size, {@code min =
 * 0.1 · peak}, warm-up 1% of 143,000 steps (1,430), total 143,000.
 *
 * @param peak the learning rate at the end of the warm-up
 * @param min the floor reached at {@code totalSteps}
 * @param warmupSteps warm-up length in steps; fractional values are kept as GPT-NeoX keeps {@code
 *     warmup · iters}
 * @param totalSteps the step at which the decay reaches {@code min}: the run's end step
 */
public record LrSchedule(double peak, double min, double warmupSteps, long totalSteps) {

  /** Validates the schedule. */
  public LrSchedule {
    if (!(peak >= 0) || !(min >= 0) || min > peak) {
      throw new IllegalArgumentException(
          "need 0 <= min <= peak, not min " + min + " and peak " + peak);
    }
    if (!(warmupSteps >= 0) || totalSteps < 0) {
      throw new IllegalArgumentException("warm-up and total steps must not be negative");
    }
  }

  /**
   * Returns the learning rate of a step.
   *
   * @param step a 0-based training step
   * @return the learning rate the optimizer uses for that step's update
   */
  public double at(long step) {
    if (warmupSteps > 0 && step <= warmupSteps) {
      return peak * step / warmupSteps;
    }
    double decaySteps = totalSteps - warmupSteps;
    if (decaySteps <= 0) {
      return min;
    }
    double progress = Math.min(1.0, (step - warmupSteps) / decaySteps);
    return Math.max(min, min + (peak - min) / 2.0 * (Math.cos(Math.PI * progress) + 1.0));
  }
}
