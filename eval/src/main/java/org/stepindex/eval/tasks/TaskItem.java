package org.stepindex.eval.tasks;

/**
 * One prompt of a task, built before any model runs, and what to make of its completion.
 *
 * <p>Implementations are records; the runner groups accuracy by {@link #k()} and, where present,
 * {@link #op()}.
 */
public interface TaskItem {
  /** The full prompt, shots included. */
  String prompt();

  /** The number of solved examples in the prompt. */
  int k();

  /**
   * The arithmetic operation's word for per-operation accuracy, or {@code null} for a task without
   * operations.
   */
  String op();

  /** Whether {@code prediction} (the completion, cut at the stop string) is right. */
  boolean correct(String prediction);

  /**
   * The JSONL record for this item answered at a checkpoint: a record that Jackson writes as one
   * line of the task's instances file.
   */
  Object instance(Checkpoint checkpoint, String prediction, boolean correct);
}
