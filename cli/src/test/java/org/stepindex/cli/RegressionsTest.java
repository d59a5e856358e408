package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned regressions: runs every case of {@code regressions/} and compares each number it
 * measures with its file, exactly, or within the tolerance the file writes beside a float computed
 * by libtorch. A number that moved fails with one line per key (case, key, expected, actual).
 *
 * <p>A deliberate change regenerates the files it moves, in the same commit: {@code
 * regressions/update [CASE...]}, or this test with {@code -Dregressions.update=CASE,...} ({@code
 * all} for every case), which writes the files from this run instead of comparing. {@code
 * -Dregressions.only=CASE,...} compares only those cases.
 */
class RegressionsTest {
  /** The system property that regenerates files: case names, comma separated, or {@code all}. */
  static final String UPDATE = "regressions.update";

  /** The system property that compares only some cases: their names, comma separated. */
  static final String ONLY = "regressions.only";

  static final List<RegressionCase> CASES =
      List.of(new SynthIndexRegression(), new BenchGuardRegression(), new DemoRegression());

  /** The repository's {@code regressions/} (tests run in the module's directory). */
  static Path directory() {
    return Path.of("").toAbsolutePath().getParent().resolve("regressions");
  }

  @TempDir Path work;

  @TestFactory
  Stream<DynamicTest> everyCaseGivesItsPinnedNumbers() {
    Set<String> update = cases(UPDATE);
    Set<String> only = cases(ONLY);
    Set<String> run = !update.isEmpty() ? update : only;
    return CASES.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      assumeTrue(
                          run.isEmpty() || run.contains("all") || run.contains(c.name()),
                          "not selected in this run");
                      run(c, !update.isEmpty(), work.resolve(c.name()));
                    }));
  }

  private static void run(RegressionCase c, boolean update, Path work) throws IOException {
    Files.createDirectories(work);
    Path file = directory().resolve(c.name() + ".txt");
    if (update) {
      PinnedFile.write(file, about(c), c.measure(work));
      return;
    }
    assertTrue(
        Files.isRegularFile(file),
        () -> file + " is missing: regressions/update " + c.name() + " writes it");
    Map<String, Pinned> expected = PinnedFile.read(file);
    List<PinnedFile.Moved> moved = PinnedFile.diff(expected, c.measure(work));
    if (!moved.isEmpty()) {
      fail(message(c, file, moved));
    }
  }

  /** The case's own lines, then what every file says about its format and regeneration. */
  private static List<String> about(RegressionCase c) {
    List<String> lines = new ArrayList<>(c.about());
    lines.add("");
    lines.add(
        "Checked by RegressionsTest (cli), part of ./run-tests. Each line is KEY = VALUE; a value is compared");
    lines.add(
        "exactly, except VALUE ± T, a float computed by libtorch, which matches within T. After a deliberate");
    lines.add(
        "change, regenerate this file with: regressions/update "
            + c.name()
            + ", and commit it with the change.");
    return lines;
  }

  /** One line per moved key, aligned: case, key, expected, actual. */
  static String message(RegressionCase c, Path file, List<PinnedFile.Moved> moved) {
    int keyWidth = Math.max(3, moved.stream().mapToInt(m -> m.key().length()).max().orElse(0));
    int expectedWidth =
        Math.max(8, moved.stream().mapToInt(m -> m.expected().length()).max().orElse(0));
    String row =
        "  %-"
            + Math.max(4, c.name().length())
            + "s  %-"
            + keyWidth
            + "s  %-"
            + expectedWidth
            + "s  %s%n";
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s: %d pinned value%s moved (if deliberate: regressions/update %s, and commit the file with the change)%n",
                file,
                moved.size(),
                moved.size() == 1 ? "" : "s",
                c.name()));
    text.append(String.format(Locale.ROOT, row, "case", "key", "expected", "actual"));
    for (PinnedFile.Moved m : moved) {
      text.append(String.format(Locale.ROOT, row, c.name(), m.key(), m.expected(), m.actual()));
    }
    return text.toString();
  }

  /**
   * The case names a property gives, checked against the cases ({@code all} stands for every one).
   */
  private static Set<String> cases(String property) {
    String value = System.getProperty(property, "").strip();
    Set<String> names =
        value.isEmpty()
            ? Set.of()
            : Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    Set<String> known = CASES.stream().map(RegressionCase::name).collect(Collectors.toSet());
    if (!known.containsAll(names) && !names.equals(Set.of("all"))) {
      throw new IllegalArgumentException(
          "-D" + property + "=" + value + ": the cases are " + known + " (or all)");
    }
    return names;
  }
}
