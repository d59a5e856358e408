package org.stepindex.query.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.store.BuildProgress;

/**
 * Runs a build that must fail and checks the failure is what a user can act on: one line naming the
 * problem.
 */
final class BuildFailures {
  private BuildFailures() {}

  /**
   * Runs {@code build} (into {@code progress}), which must throw a {@link StepIndexException} whose
   * message is one non-blank line containing every one of {@code names}; returns the message.
   */
  static String assertOneLineFailure(Build build, BuildProgress progress, String... names) {
    StepIndexException e = assertThrows(StepIndexException.class, () -> build.run(progress));
    String message = e.getMessage();
    assertNotNull(message);
    assertFalse(message.isBlank(), "empty message");
    assertFalse(message.contains("\n") || message.contains("\r"), "more than one line: " + message);
    for (String name : names) {
      assertTrue(message.contains(name), "message should name '" + name + "': " + message);
    }
    return message;
  }

  static String assertOneLineFailure(Build build, String... names) {
    return assertOneLineFailure(build, new BuildProgress(), names);
  }
}
