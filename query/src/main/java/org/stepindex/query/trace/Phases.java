package org.stepindex.query.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The phases of one short command, marked as they end (the command line parsed, the manifest read,
 * the term statistics table opened, ...), each with the wall clock in microseconds since the epoch
 * (the clock the launcher's {@code $EPOCHREALTIME} and {@code bench-cli} read). Only when the
 * environment variable {@value #ENV} names a file, which {@link #write} fills at the end of the
 * process; otherwise a mark is one test of a constant.
 *
 * <p>The file has one line per mark, {@code NAME MICROS -1 -1 -1}, preceded by the launcher's own
 * two timestamps ({@value #LAUNCHER_ENV}: when the script started and when it started the JVM) and
 * the JVM's creation, and followed by {@code written MICROS CLASSES SHARED CLASS_NANOS}: the JVM's
 * class-loading counters ({@link JvmCounters}; -1 when the JVM does not publish them), read once
 * when the marks are written, and the time after reading them. A mark costs only the clock: reading
 * the counters at the first mark cost a cold count about 30 ms, which the phase before it showed.
 */
public final class Phases {
  /** The environment variable that names the file; unset, nothing is recorded. */
  public static final String ENV = "STEPINDEX_PHASES";

  /**
   * Set by the launcher when {@value #ENV} is: {@code START EXEC}, its {@code $EPOCHREALTIME} at
   * both.
   */
  public static final String LAUNCHER_ENV = "STEPINDEX_PHASES_LAUNCHER";

  /** The last line's name: the marks written, after the counters were read. */
  public static final String WRITTEN = "written";

  /** The counters of a line that has none: the marks', and a JVM that does not publish them. */
  private static final long[] NO_COUNTERS = {-1, -1, -1};

  private static final Path FILE = file();
  private static final StringBuilder MARKS = FILE == null ? null : new StringBuilder();

  private Phases() {}

  private static Path file() {
    String file = System.getenv(ENV);
    return file == null || file.isEmpty() ? null : Path.of(file);
  }

  /** Whether phases are recorded in this process. */
  public static boolean enabled() {
    return FILE != null;
  }

  /** Marks the end of phase {@code name} (a word) now. */
  public static void mark(String name) {
    if (FILE != null) {
      record(name, micros(Instant.now()));
    }
  }

  private static synchronized void record(String name, long micros) {
    line(MARKS, name, micros, NO_COUNTERS);
  }

  /**
   * Writes the marks to the file (once, at the end of the process); a failure to write is ignored.
   */
  public static synchronized void write() {
    if (FILE == null) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    String launcher = System.getenv(LAUNCHER_ENV);
    if (launcher != null) {
      String[] t = launcher.strip().split("\\s+");
      if (t.length == 2) {
        line(lines, "launcher-start", epochMicros(t[0]), NO_COUNTERS);
        line(lines, "launcher-exec", epochMicros(t[1]), NO_COUNTERS);
      }
    }
    JvmCounters counters = JvmCounters.open();
    if (counters != null) {
      line(lines, "vm-start", counters.vmCreationBegin() * 1000, NO_COUNTERS);
      line(lines, "vm-created", counters.vmCreationEnd() * 1000, NO_COUNTERS);
    }
    lines.append(MARKS);
    long[] classes =
        counters == null
            ? NO_COUNTERS
            : new long[] {
              counters.loadedClasses(), counters.sharedClasses(), counters.classNanos()
            };
    line(lines, WRITTEN, micros(Instant.now()), classes);
    try {
      Files.writeString(FILE, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      // a benchmark's side file: the command's own outcome does not depend on it
    }
  }

  /** Appends {@code NAME MICROS CLASSES SHARED CLASS_NANOS}, the file's one kind of line. */
  private static void line(StringBuilder to, String name, long micros, long[] classes) {
    to.append(name).append(' ').append(micros);
    for (long c : classes) {
      to.append(' ').append(c);
    }
    to.append('\n');
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
  }

  /**
   * Microseconds from bash's {@code $EPOCHREALTIME} ({@code SECONDS.MICROS}, with the locale's
   * decimal mark).
   */
  static long epochMicros(String epochRealtime) {
    String[] parts = epochRealtime.split("[.,]");
    long seconds = Long.parseLong(parts[0]);
    long micros = parts.length > 1 ? Long.parseLong((parts[1] + "000000").substring(0, 6)) : 0;
    return seconds * 1_000_000 + micros;
  }
}
