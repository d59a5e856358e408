package org.stepindex.eval.registry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.stepindex.eval.tasks.Checkpoint;
import org.stepindex.eval.tasks.ProgressListener;

/** A task's run, prepared before any model loads ({@link TaskDefinition#prepare}). */
@FunctionalInterface
public interface TaskRun {
  /**
   * Evaluates the task at each checkpoint in turn ({@link org.stepindex.eval.tasks.EvalRunner}).
   *
   * @param listener hears progress in the task's unit
   * @param checkpoints the checkpoints, in the order they are evaluated
   * @param out the output directory
   * @return one summary per checkpoint, in order
   */
  List<Object> run(ProgressListener listener, List<Checkpoint> checkpoints, Path out)
      throws IOException;
}
