package org.stepindex.indexer.base;

/**
 * A failure the user can fix: bad input data, a wrong argument, an index that does not match.
 *
 * <p>The message is one line that says what is wrong and what to do; the CLI prints it without a
 * stack trace and exits non-zero. Anything else that escapes is a bug.
 */
public class StepIndexException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StepIndexException(String message) {
    super(message);
  }

  public StepIndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
