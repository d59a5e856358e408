package org.stepindex.eval.tasks;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model checkpoint to evaluate: its directory and the training step it was saved at.
 *
 * @param dir the checkpoint directory, as given; recorded as {@code model} in output files
 * @param step the training step, or {@code null} when unknown
 */
public record Checkpoint(Path dir, Long step) {
  // "step13000", or a name ending in it after a separator ("pythia-1b-step13000"), as Pythia's revisions are named.
  private static final Pattern STEP = Pattern.compile("(?:.*[^A-Za-z0-9])?step(\\d{1,18})");

  /** A checkpoint whose step is read from the directory's name ({@link #stepOf}). */
  public static Checkpoint of(Path dir) {
    return new Checkpoint(dir, stepOf(dir));
  }

  /**
   * The step in a directory name: {@code N} for a name that is {@code stepN} or ends in {@code -stepN}, {@code _stepN}
   * or {@code .stepN}; {@code null} for any other name.
   */
  public static Long stepOf(Path dir) {
    Path name = dir.getFileName();
    if (name == null) {
      return null;
    }
    Matcher m = STEP.matcher(name.toString());
    return m.matches() ? Long.valueOf(m.group(1)) : null;
  }

  /** The checkpoint directory as written in output records. */
  public String model() {
    return dir.toString();
  }
}
