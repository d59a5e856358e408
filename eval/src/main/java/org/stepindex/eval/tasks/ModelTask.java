package org.stepindex.eval.tasks;

import java.io.IOException;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * What a task does at one checkpoint, the one contract {@link EvalRunner} runs over checkpoints:
 * evaluate the model through the interface the task needs ({@link TextCompleter} for few-shot
 * prompts through {@link CompletionTask} and for WinoBias's answers, {@link TextScorer} for the
 * likelihood-scored bias tasks, {@link IdsGenerator} for memorization), writing a record per
 * instance and returning a summary.
 *
 * @param <M> what the task needs from a checkpoint's model
 */
public interface ModelTask<M extends AutoCloseable> {
  /** The task's name in output files and records, e.g. {@code crows-pairs}. */
  String name();

  /** Units of work per checkpoint (pairs, sentences, sequences), for progress. */
  long units();

  /**
   * Evaluates one checkpoint.
   *
   * @param model the checkpoint's model
   * @param checkpoint the checkpoint
   * @param out takes one record per instance, in output order
   * @param done hears the number of units done so far at this checkpoint
   * @return the summary and any further files
   */
  Result evaluate(M model, Checkpoint checkpoint, InstanceSink out, LongConsumer done)
      throws IOException;

  /** Takes instance records; each becomes a line of the instances file. */
  @FunctionalInterface
  interface InstanceSink {
    void write(Object record) throws IOException;
  }

  /**
   * What a checkpoint's evaluation produced besides its instances.
   *
   * @param summary the record written as {@code <task>-step<N>.summary.json}
   * @param sideFiles further files' contents by suffix, written as {@code <task>-step<N>.<suffix>}
   *     (e.g. {@code slices.csv})
   */
  record Result(Object summary, Map<String, String> sideFiles) {
    public Result {
      sideFiles = Map.copyOf(sideFiles);
    }
  }
}
