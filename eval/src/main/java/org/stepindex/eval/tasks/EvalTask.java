package org.stepindex.eval.tasks;

import java.util.List;

/**
 * A few-shot task: a fixed list of prompts, and how to complete them; {@link CompletionTask} makes
 * it a {@link ModelTask}.
 */
public interface EvalTask {
  /** The task's name in output files and records: {@code arithmetic}, {@code triviaqa}. */
  String name();

  /** Every prompt, in output order; the same for every checkpoint. Never empty. */
  List<? extends TaskItem> items();

  /** Where greedy generation stops; the completion is cut before the first of these. */
  List<String> stopStrings();

  /** The most tokens generated per prompt. */
  int maxNewTokens();
}
