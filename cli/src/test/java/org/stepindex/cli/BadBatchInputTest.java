package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch files with bad lines: every bad line is reported with its number before anything is counted
 * (the first 20, then how many), nothing is printed for the good ones; {@code --skip-bad} counts
 * exactly what a file of only the good lines counts and reports the bad ones.
 */
class BadBatchInputTest {
  private static SmallCorpus corpus;
  @TempDir static Path tmp;

  @BeforeAll
  static void corpus() {
    corpus = SmallCorpus.get();
  }

  private static Path write(String name, List<String> lines) throws IOException {
    return Files.write(tmp.resolve(name), lines);
  }

  private static CliRun count(Path file, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "count",
                "--index",
                corpus.index.toString(),
                "--steps",
                "0,17,37",
                "--queries",
                file.toString(),
                "--format",
                "csv"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  /**
   * The stderr lines of a refused batch, checked for the contract: exit 2, no output, every line
   * prefixed.
   */
  private static List<String> refused(CliRun run) {
    assertEquals(2, run.exit(), run::toString);
    assertEquals("", run.out(), "nothing is printed for the good lines: " + run);
    List<String> lines = run.err().lines().toList();
    lines.forEach(l -> assertTrue(l.startsWith("stepindex: "), () -> "prefix of " + l));
    assertTrue(!run.err().contains("Exception") && !run.err().contains("at org."), run::toString);
    return lines;
  }

  @Test
  void everyBadQueryLineIsListedWithItsNumberBeforeAnythingIsCounted() throws IOException {
    Path file =
        write(
            "queries.txt",
            List.of(
                "# comment",
                "galaxy",
                "\"unclosed phrase",
                "",
                "zorblax",
                "(a OR",
                "\"quasar nebula\""));
    List<String> err = refused(count(file));
    assertEquals(3, err.size(), err::toString);
    assertTrue(err.get(0).startsWith("stepindex: " + file + ":3: "), err.get(0));
    assertTrue(err.get(1).startsWith("stepindex: " + file + ":6: "), err.get(1));
    assertEquals(
        "stepindex: 2 bad lines in "
            + file
            + "; nothing was counted: fix them, or pass --skip-bad to count"
            + " the 3 good lines",
        err.get(2));
  }

  @Test
  void moreThanTwentyBadLinesListTheFirstTwentyAndCountAll() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      lines.add("galaxy");
      lines.add("\"bad " + i);
    }
    Path file = write("many.txt", lines);
    List<String> err = refused(count(file));
    assertEquals(QueryFiles.LISTED + 1, err.size());
    assertTrue(err.get(19).startsWith("stepindex: " + file + ":40: "), err.get(19));
    assertTrue(
        err.get(20)
            .startsWith("stepindex: 25 bad lines in " + file + " (the first 20 are listed);"),
        err.get(20));
  }

  @Test
  void skipBadCountsTheGoodLinesAsAFileOfOnlyThoseAndReportsTheBad() throws IOException {
    Path mixed = write("mixed.txt", List.of("galaxy", "\"unclosed", "\"quasar nebula\"", "vorpal"));
    Path good = write("good.txt", List.of("galaxy", "\"quasar nebula\"", "vorpal"));
    CliRun skipped = count(mixed, "--skip-bad");
    assertEquals(0, skipped.exit(), skipped::toString);
    assertEquals(count(good).ok().out(), skipped.out());
    List<String> err = skipped.err().lines().toList();
    assertEquals(2, err.size(), err::toString);
    assertTrue(err.get(0).startsWith("stepindex: skipped " + mixed + ":2: "), err.get(0));
    assertEquals(
        "stepindex: skipped 1 bad lines of " + mixed + "; counted the 3 good lines", err.get(1));
  }

  @Test
  void badPairLinesAreListedWithTheirNumbers() throws IOException {
    Path file =
        write(
            "pairs.tsv",
            List.of("galaxy\tvorpal", "only one field", "zorblax\t\"unclosed", "a\tb"));
    CliRun run =
        CliRun.of(
            "cooccur",
            "--index",
            corpus.index.toString(),
            "--step",
            "37",
            "--pairs",
            file.toString());
    List<String> err = refused(run);
    assertEquals(3, err.size(), err::toString);
    assertTrue(
        err.get(0)
            .startsWith("stepindex: " + file + ":2: 'only one field' is not two tab-separated"),
        err.get(0));
    assertTrue(err.get(1).startsWith("stepindex: " + file + ":3: "), err.get(1));

    CliRun skipped =
        CliRun.of(
            "cooccur",
            "--index",
            corpus.index.toString(),
            "--step",
            "37",
            "--pairs",
            file.toString(),
            "--skip-bad",
            "--format",
            "csv");
    assertEquals(0, skipped.exit(), skipped::toString);
    assertEquals(3, skipped.outLines().size(), "a header and the two good pairs: " + skipped);
    assertEquals(
        CliRun.of(
                "cooccur",
                "--index",
                corpus.index.toString(),
                "--step",
                "37",
                "galaxy",
                "vorpal",
                "--format",
                "csv")
            .ok()
            .outLines()
            .get(1),
        skipped.outLines().get(1));
  }
}
