package org.stepindex.query.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The HotSpot JVM's own performance counters of this process, read from the memory it shares them
 * in ({@code /tmp/hsperfdata_USER/PID}, what {@code jstat} reads; on by default, {@code
 * -XX:+UsePerfData}): classes loaded, how many came from the ahead-of-time cache, the time spent
 * loading, linking and initializing classes, and when the JVM's creation began and ended. Read
 * without flags or modules of any kind, so a run that is measured starts exactly as one that is
 * not.
 */
final class JvmCounters {
  private final ByteBuffer data;
  private final int loaded;
  private final int shared;
  private final int classTicks;
  private final int vmBegin;
  private final int vmEnd;
  private final long ticksPerSecond;

  private JvmCounters(ByteBuffer data, Map<String, Integer> offsets, long ticksPerSecond) {
    this.data = data;
    this.loaded = offsets.getOrDefault("java.cls.loadedClasses", -1);
    this.shared = offsets.getOrDefault("java.cls.sharedLoadedClasses", -1);
    this.classTicks = offsets.getOrDefault("sun.cls.time", -1);
    this.vmBegin = offsets.getOrDefault("sun.rt.createVmBeginTime", -1);
    this.vmEnd = offsets.getOrDefault("sun.rt.createVmEndTime", -1);
    this.ticksPerSecond = ticksPerSecond;
  }

  /** This process's counters, or null when the JVM does not publish them where they can be read. */
  static JvmCounters open() {
    Path file =
        Path.of(
            "/tmp",
            "hsperfdata_" + System.getProperty("user.name"),
            Long.toString(ProcessHandle.current().pid()));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
      // The prologue: magic (4 bytes), byte order (1), major, minor, accessible, used, overflow,
      // timestamp,
      // entry offset, entry count; then entries of length, name offset, vector length, type, flags,
      // units,
      // variability, data offset.
      data.order(data.get(4) == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      int entry = data.getInt(24);
      int entries = data.getInt(28);
      Map<String, Integer> offsets = new HashMap<>();
      for (int i = 0; i < entries; i++) {
        int length = data.getInt(entry);
        int nameStart = entry + data.getInt(entry + 4);
        int nameEnd = nameStart;
        while (data.get(nameEnd) != 0) {
          nameEnd++;
        }
        byte[] name = new byte[nameEnd - nameStart];
        data.get(nameStart, name);
        if (data.get(entry + 12) == 'J' && data.getInt(entry + 8) == 0) {
          offsets.put(new String(name, StandardCharsets.US_ASCII), entry + data.getInt(entry + 16));
        }
        entry += length;
      }
      Integer frequency = offsets.get("sun.os.hrt.frequency");
      return new JvmCounters(
          data, offsets, frequency == null ? 1_000_000_000L : data.getLong(frequency));
    } catch (IOException | RuntimeException e) {
      return null; // not HotSpot, -XX:-UsePerfData, another temporary directory: the phases go
      // without
    }
  }

  private long get(int offset) {
    return offset < 0 ? -1 : data.getLong(offset);
  }

  /**
   * Classes loaded so far from class files (HotSpot counts those from the cache apart: {@link
   * #sharedClasses}).
   */
  long loadedClasses() {
    return get(loaded);
  }

  /** Classes loaded so far from the ahead-of-time cache (or the JDK's class data archive). */
  long sharedClasses() {
    return get(shared);
  }

  /**
   * Nanoseconds spent loading, linking and initializing classes so far (HotSpot's {@code
   * sun.cls.time}).
   */
  long classNanos() {
    long ticks = get(classTicks);
    return ticks < 0 ? -1 : (long) (ticks * (1e9 / ticksPerSecond));
  }

  /** When the JVM's creation began, in milliseconds since the epoch. */
  long vmCreationBegin() {
    return get(vmBegin);
  }

  /**
   * When the JVM's creation ended (before the main class loads), in milliseconds since the epoch.
   */
  long vmCreationEnd() {
    return get(vmEnd);
  }
}
