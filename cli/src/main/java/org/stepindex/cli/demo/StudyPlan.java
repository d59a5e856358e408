package org.stepindex.cli.demo;

import java.util.List;
import java.util.TreeSet;
import org.stepindex.corpora.StudyOptions;

/**
 * What a mini-Pythia study does.
 *
 * @param corpus the synthetic corpus
 * @param presets the model sizes trained on it, smallest first (the last one also gets the
 *     intervention)
 * @param interventionPercent the pronoun swap covers this last share of the steps (Pythia: 7 or 21)
 * @param arithmeticShots the k of the arithmetic evaluation
 * @param triviaShots the k of the QA evaluation
 * @param evalBatch prompts generated together
 * @param threads index build threads
 */
public record StudyPlan(
    StudyOptions corpus,
    List<String> presets,
    int interventionPercent,
    List<Integer> arithmeticShots,
    int triviaShots,
    int evalBatch,
    int threads) {

  public StudyPlan {
    presets = List.copyOf(presets);
    arithmeticShots = List.copyOf(arithmeticShots);
  }

  /** The full demo: two sizes, ~1.6M tokens, a 21% swap; minutes on two CPU cores. */
  public static StudyPlan demo(int threads) {
    return new StudyPlan(
        StudyOptions.demo(), List.of("tiny", "mini"), 21, List.of(0, 2), 2, 32, threads);
  }

  /** The under-a-minute version used by the test suite. */
  public static StudyPlan quick(int threads) {
    return new StudyPlan(
        StudyOptions.quick(), List.of("tiny", "mini"), 21, List.of(2), 2, 32, threads);
  }

  /** Training steps in the corpus. */
  public long steps() {
    return corpus.steps();
  }

  /**
   * The first step of the intervention: the last {@code interventionPercent}% of the steps are
   * swapped.
   */
  public long interventionStep() {
    long steps = steps();
    return steps - (steps * interventionPercent + 99) / 100;
  }

  /**
   * The checkpoints every run saves: log-spaced (16, 32, 64, …) like Pythia's early ones, then
   * every quarter of the run, the intervention's start, and the last step.
   */
  public long[] checkpoints() {
    long steps = steps();
    TreeSet<Long> at = new TreeSet<>();
    for (long s = 16; s < steps; s *= 2) {
      at.add(s);
    }
    long regular = Math.max(1, steps / 4);
    for (long s = regular; s < steps; s += regular) {
      at.add(s);
    }
    at.add(interventionStep());
    at.add(steps);
    return at.stream().mapToLong(Long::longValue).toArray();
  }
}
