package org.stepindex.bench.query;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The page faults the calling thread has taken so far ({@code getrusage(RUSAGE_THREAD)}: minor and
 * major), so that a benchmark can say how many pages a query touched for the first time in its
 * process, the cost that a cold query pays and a warm one does not. Linux only; elsewhere {@link
 * #taken} is −1.
 */
final class PageFaults {
  private static final int RUSAGE_THREAD = 1;

  /**
   * {@code struct rusage}: two timevals, then 14 longs, ru_minflt the 5th and ru_majflt the 6th.
   */
  private static final long RUSAGE_BYTES = 2 * 16 + 14 * 8;

  private static final long MINFLT_OFFSET = 2 * 16 + 4 * 8;
  private static final long MAJFLT_OFFSET = MINFLT_OFFSET + 8;

  private static final MethodHandle GETRUSAGE;
  private static final MemorySegment USAGE;

  static {
    MethodHandle getrusage = null;
    MemorySegment usage = null;
    try {
      Linker linker = Linker.nativeLinker();
      getrusage =
          linker.downcallHandle(
              linker.defaultLookup().find("getrusage").orElseThrow(),
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
      usage = Arena.global().allocate(RUSAGE_BYTES, 8);
    } catch (RuntimeException | LinkageError e) {
      getrusage = null; // not Linux, or native access refused: no counts
    }
    GETRUSAGE = getrusage;
    USAGE = usage;
  }

  private PageFaults() {}

  /** Minor plus major page faults of the calling thread so far, or −1 where they cannot be read. */
  static synchronized long taken() {
    if (GETRUSAGE == null || !System.getProperty("os.name", "").startsWith("Linux")) {
      return -1;
    }
    try {
      if ((int) GETRUSAGE.invokeExact(RUSAGE_THREAD, USAGE) != 0) {
        return -1;
      }
    } catch (Throwable e) {
      return -1;
    }
    return USAGE.get(ValueLayout.JAVA_LONG, MINFLT_OFFSET)
        + USAGE.get(ValueLayout.JAVA_LONG, MAJFLT_OFFSET);
  }
}
