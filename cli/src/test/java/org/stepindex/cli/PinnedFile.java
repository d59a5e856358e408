package org.stepindex.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A regression case's file, {@code regressions/CASE.txt}: comment lines ({@code # ...}) that say
 * what the case runs, how to regenerate it and what a tolerance means, then one {@code key = value}
 * line per pinned number, in the order the case measures them, so that a deliberate change shows in
 * a commit's diff as the lines it moved.
 */
final class PinnedFile {
  private static final String SEPARATOR = " = ";

  private PinnedFile() {}

  /**
   * One difference between the file and a run: a key whose value moved, appeared or disappeared.
   */
  record Moved(String key, String expected, String actual) {
    static final String ABSENT = "(absent)";
  }

  /**
   * Reads the pinned values of a file.
   *
   * @throws IllegalStateException on a line that is neither a comment, blank, nor {@code key =
   *     value}
   */
  static Map<String, Pinned> read(Path file) {
    Map<String, Pinned> values = new LinkedHashMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int at = line.indexOf(SEPARATOR);
      if (at <= 0
          || values.put(
                  line.substring(0, at), Pinned.parse(line.substring(at + SEPARATOR.length())))
              != null) {
        throw new IllegalStateException(
            file + ":" + (i + 1) + ": not a new 'key = value' line: " + line);
      }
    }
    return values;
  }

  /** Writes {@code about} as comment lines, then every value, replacing the file. */
  static void write(Path file, List<String> about, Map<String, Pinned> values) {
    StringBuilder text = new StringBuilder();
    about.forEach(line -> text.append(line.isEmpty() ? "#" : "# " + line).append('\n'));
    text.append('\n');
    values.forEach(
        (key, value) -> {
          if (key.contains(SEPARATOR) || key.startsWith("#") || key.isBlank()) {
            throw new IllegalArgumentException("a key cannot be written: '" + key + "'");
          }
          text.append(key).append(SEPARATOR).append(value.written()).append('\n');
        });
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every key whose value in {@code actual} does not match {@code expected}, in file order, then
   * new keys.
   */
  static List<Moved> diff(Map<String, Pinned> expected, Map<String, Pinned> actual) {
    List<Moved> moved = new ArrayList<>();
    Set<String> keys = new LinkedHashSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String key : keys) {
      Pinned e = expected.get(key);
      Pinned a = actual.get(key);
      if (e == null || a == null || !e.matches(a)) {
        moved.add(
            new Moved(
                key, e == null ? Moved.ABSENT : e.written(), a == null ? Moved.ABSENT : a.text()));
      }
    }
    return moved;
  }
}
