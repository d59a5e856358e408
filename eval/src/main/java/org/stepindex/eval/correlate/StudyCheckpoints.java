package org.stepindex.eval.correlate;

import java.util.List;
import java.util.stream.LongStream;

/**
 * The checkpoints of the Pythia study's term-frequency analysis ({@code term_frequency.py}): counts
 * are cumulated at every 13,000 steps, {@code checkpoint_list = range(13000, 143000 + 13000,
 * 13000)}, and the figures and Table 4 show every other one, {@code show_checkpoints = range(13000,
 * 143000 + 13000, 2 * 13000)}, which are also the checkpoints its {@code run_model_eval.py}
 * evaluated.
 */
public final class StudyCheckpoints {
  /** Every checkpoint the study counted at: 13000, 26000, …, 143000. */
  public static final List<Long> COUNTED =
      LongStream.iterate(13_000, s -> s <= 143_000, s -> s + 13_000).boxed().toList();

  /** The checkpoints the study shows and evaluated: 13000, 39000, 65000, 91000, 117000, 143000. */
  public static final List<Long> SHOWN =
      LongStream.iterate(13_000, s -> s <= 143_000, s -> s + 26_000).boxed().toList();

  /** The shot counts of the study's Table 4. */
  public static final List<Integer> TABLE_4_SHOTS = List.of(0, 4, 16);

  private StudyCheckpoints() {}

  /**
   * The steps a figure shows: the study's {@link #SHOWN} checkpoints when the data has all of them,
   * else every step.
   *
   * @param steps the steps the data has, ascending
   * @return the steps to show, ascending
   */
  public static List<Long> toShow(List<Long> steps) {
    return steps.containsAll(SHOWN) ? SHOWN : steps;
  }
}
