package org.stepindex.eval.tasks;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens what a {@link ModelTask} needs from the checkpoint in a directory; {@link EvalRunner}
 * closes it before opening the next, so only one model is in memory.
 *
 * @param <M> the model interface
 */
@FunctionalInterface
public interface ModelOpener<M extends AutoCloseable> {
  /**
   * The model of the checkpoint in {@code dir}.
   *
   * @throws IOException if the checkpoint cannot be read
   */
  M open(Path dir) throws IOException;
}
