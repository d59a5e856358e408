package org.stepindex.eval.tasks;

import java.nio.file.Path;

/**
 * Names of the files a run writes into its output directory: {@code <task>-step<N>.jsonl} with one record per prompt
 * and {@code <task>-step<N>.summary.json} with a {@link RunSummary}; {@code step-unknown} stands for an unknown step.
 */
public final class EvalFiles {
  private EvalFiles() {}

  /** The instances (JSON Lines) file of {@code task} at {@code step} ({@code null} if unknown) in {@code dir}. */
  public static Path instances(Path dir, String task, Long step) {
    return dir.resolve(stem(task, step) + ".jsonl");
  }

  /** The summary file of {@code task} at {@code step} ({@code null} if unknown) in {@code dir}. */
  public static Path summary(Path dir, String task, Long step) {
    return dir.resolve(stem(task, step) + ".summary.json");
  }

  /**
   * A further file of {@code task} at {@code step} in {@code dir}, {@code <task>-step<N>.<suffix>}, e.g. the
   * memorization task's {@code slices.csv}.
   */
  public static Path side(Path dir, String task, Long step, String suffix) {
    return dir.resolve(stem(task, step) + "." + suffix);
  }

  private static String stem(String task, Long step) {
    return task + "-" + (step == null ? "step-unknown" : "step" + step);
  }
}
