package org.stepindex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Reads batch input files: one query a line, or tab-separated pairs; blank lines and {@code #}
 * comments skipped.
 *
 * <p>Every line is checked before any work starts ({@link #check}): a file with bad lines is
 * refused with each bad line named by its number (the first {@value #LISTED}; one line for one bad
 * line, else one per bad line and a count), so a batch of thousands never stops half-way through
 * its output; with {@code --skip-bad} the good lines are counted and the bad ones reported.
 */
final class QueryFiles {
  /** Bad lines listed at most; the count of all of them follows. */
  static final int LISTED = 20;

  private QueryFiles() {}

  /**
   * A line of a batch file.
   *
   * @param number its line number in the file, from 1
   * @param text the line
   */
  record Line(int number, String text) {}

  /** The query lines of {@code file}, numbered. */
  static List<Line> lines(Path file) {
    List<String> all;
    try {
      all = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new StepIndexException(file + " does not exist");
    } catch (IOException e) {
      throw new StepIndexException("cannot read " + file + ": " + e.getMessage());
    }
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      String line = all.get(i);
      if (!line.isBlank() && !line.startsWith("#")) {
        lines.add(new Line(i + 1, line));
      }
    }
    return lines;
  }

  /** A pair line split at its tab; a user error if it is not exactly two fields. */
  static String[] pair(Line line) {
    String[] parts = line.text().split("\t");
    if (parts.length != 2) {
      throw new StepIndexException(
          "'" + line.text() + "' is not two tab-separated queries (A<TAB>B)");
    }
    return parts;
  }

  /**
   * Applies {@code parse} (which throws a user error for a bad line) to every line before anything
   * is printed. Without {@code skipBad}, any bad line refuses the whole file: one line per bad line
   * (up to {@value #LISTED}), then a count. With it, the bad lines are reported on {@code err} and
   * the good ones returned.
   */
  static <T> List<T> check(
      Path file, List<Line> lines, Function<Line, T> parse, boolean skipBad, PrintWriter err) {
    List<T> good = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    int badCount = 0;
    for (Line line : lines) {
      try {
        good.add(parse.apply(line));
      } catch (StepIndexException e) {
        badCount++;
        if (bad.size() < LISTED) {
          bad.add(file + ":" + line.number() + ": " + e.getMessage());
        }
      }
    }
    if (badCount == 0) {
      return good;
    }
    String more = badCount > bad.size() ? " (the first " + bad.size() + " are listed)" : "";
    if (!skipBad && badCount == 1) {
      throw new StepIndexException(
          bad.getFirst()
              + "; nothing was counted: fix it, or pass --skip-bad to count the "
              + good.size()
              + " good lines");
    }
    if (!skipBad) {
      // One exception, one "stepindex: " line per bad line, as the CLI prints a user error.
      bad.add(
          badCount
              + " bad lines in "
              + file
              + more
              + "; nothing was counted: fix them, or pass --skip-bad to"
              + " count the "
              + good.size()
              + " good lines");
      throw new StepIndexException(String.join("\nstepindex: ", bad));
    }
    for (String line : bad) {
      err.println("stepindex: skipped " + line);
    }
    err.println(
        "stepindex: skipped "
            + badCount
            + " bad lines of "
            + file
            + more
            + "; counted the "
            + good.size()
            + " good lines");
    err.flush();
    return good;
  }
}
