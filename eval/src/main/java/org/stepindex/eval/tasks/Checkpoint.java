package org.stepindex.eval.tasks;

import java.nio.file.Path;
import java.util.OptionalLong;
import org.stepindex.eval.model.CheckpointNames;

/**
 * A model checkpoint to evaluate: its directory and the training step it was saved at.
 *
 * @param dir the checkpoint directory, as given; recorded as {@code model} in output files
 * @param step the training step, or {@code null} when unknown
 */
public record Checkpoint(Path dir, Long step) {
  /** A checkpoint whose step is read from the directory's name ({@link CheckpointNames#stepOf}). */
  public static Checkpoint of(Path dir) {
    OptionalLong step = CheckpointNames.stepOf(dir);
    return new Checkpoint(dir, step.isPresent() ? step.getAsLong() : null);
  }

  /** The checkpoint directory as written in output records. */
  public String model() {
    return dir.toString();
  }
}
