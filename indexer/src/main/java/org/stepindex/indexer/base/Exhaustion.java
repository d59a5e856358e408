package org.stepindex.indexer.base;

import java.io.IOException;
import java.util.Locale;

/**
 * Running out of a resource the user controls, the Java heap or the disk, told apart from a bug: a
 * long build that meets either must end in one line that names what ran out and the knob to turn,
 * keep what it finished, and never print a stack trace or undo a day's work as if the data were
 * wrong.
 */
public final class Exhaustion {
  /** The environment variable the launcher passes to the JVM, where a larger heap is asked for. */
  public static final String JAVA_OPTS = "STEPINDEX_JAVA_OPTS";

  private Exhaustion() {}

  /**
   * Whether {@code failure}, or anything in its chain of causes or suppressed exceptions, is the
   * heap or the disk running out.
   */
  public static boolean isExhaustion(Throwable failure) {
    return describe(failure) != null;
  }

  /**
   * One line for the user when {@code failure} (or a cause) is the heap or the disk running out,
   * else null.
   *
   * @param failure what was thrown
   * @return what ran out and what to do, without the {@code stepindex: } prefix, or null
   */
  public static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String line = describeOne(t);
      if (line != null) {
        return line;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        line = describeOne(suppressed);
        if (line != null) {
          return line;
        }
      }
    }
    return null;
  }

  private static String describeOne(Throwable t) {
    if (t instanceof OutOfMemoryError oom) {
      long heapMb = Runtime.getRuntime().maxMemory() >> 20;
      String what = oom.getMessage() == null ? "memory" : oom.getMessage();
      return String.format(
          Locale.ROOT,
          "out of memory (%s; the Java heap may grow to %,d MB): run the command again with a larger heap, e.g."
              + " %s=-Xmx%dg; what was finished is kept",
          what,
          heapMb,
          JAVA_OPTS,
          Math.max(2, 2 * ((heapMb + 1023) / 1024)));
    }
    if (t instanceof IOException
        && t.getMessage() != null
        && t.getMessage().toLowerCase(Locale.ROOT).contains("no space left on device")) {
      return "the disk is full ("
          + t.getMessage()
          + "): free space there and run the command again; what was"
          + " finished is kept";
    }
    return null;
  }
}
