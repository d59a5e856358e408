package org.stepindex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine a benchmark ran on, as its report names it: the CPU's model, the cores the JVM may
 * use, and the Java runtime. A figure from one CPU need not hold on another of the same kind (the
 * command line started three times slower on an AMD EPYC than on an Intel Xeon of the same size),
 * so every benchmark says which it ran on.
 *
 * @param cpu the CPU's model as the operating system names it ({@code AMD EPYC}), or the
 *     architecture ({@code aarch64}) where it names none
 * @param cores the processors available to the JVM
 * @param java the Java runtime's version
 */
public record Machine(String cpu, int cores, String java) {
  /** The machine this JVM runs on. */
  public static Machine current() {
    List<String> cpuinfo;
    try {
      cpuinfo = Files.readAllLines(Path.of("/proc/cpuinfo"));
    } catch (IOException | RuntimeException e) {
      cpuinfo = List.of(); // not Linux: the architecture stands in
    }
    return new Machine(
        cpuModel(cpuinfo, System.getProperty("os.arch", "unknown")),
        Runtime.getRuntime().availableProcessors(),
        Runtime.version().toString());
  }

  /**
   * The first {@code model name} of Linux's {@code /proc/cpuinfo} lines, its spaces collapsed; else
   * {@code fallback}.
   */
  static String cpuModel(List<String> cpuinfo, String fallback) {
    for (String line : cpuinfo) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equals("model name")) {
        String model = line.substring(colon + 1).strip().replaceAll("\\s+", " ");
        if (!model.isEmpty()) {
          return model;
        }
      }
    }
    return fallback;
  }

  /** One line for a report's header: {@code machine: AMD EPYC, 2 cores, Java 25.0.3+9-LTS}. */
  public String line() {
    return String.format(Locale.ROOT, "machine: %s, %d cores, Java %s", cpu, cores, java);
  }
}
