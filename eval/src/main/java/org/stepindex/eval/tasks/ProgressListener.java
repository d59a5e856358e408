package org.stepindex.eval.tasks;

/**
 * Hears how far an evaluation run is, e.g. to draw a progress bar. Called on the runner's thread.
 */
@FunctionalInterface
public interface ProgressListener {
  /** Ignores progress. */
  ProgressListener NONE = (done, total) -> {};

  /**
   * Called after every batch of prompts.
   *
   * @param done prompts completed so far, over all checkpoints of the run
   * @param total prompts in the whole run (prompts per checkpoint times checkpoints)
   */
  void progress(long done, long total);

  /** Called when a checkpoint's model is about to be opened; {@code index} counts from 0. */
  default void checkpointStarted(Checkpoint checkpoint, int index, int count) {}
}
