package org.stepindex.eval.tasks;

import java.io.IOException;
import java.nio.file.Path;
import org.stepindex.eval.model.Completer;

/**
 * Opens the model in a checkpoint directory. The runner opens one checkpoint at a time and, if the completer is
 * {@link AutoCloseable}, closes it before opening the next, so only one model is in memory.
 */
@FunctionalInterface
public interface CompleterFactory {
  /**
   * The completer for the checkpoint in {@code dir}.
   *
   * @throws IOException if the checkpoint cannot be read
   */
  Completer open(Path dir) throws IOException;
}
