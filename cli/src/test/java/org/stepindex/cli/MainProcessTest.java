package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Main.main} in a JVM of its own, as the launcher runs it: the process exit status, and a
 * stderr that holds only stepindex's own lines. In-process tests cannot see this: libraries
 * (Lucene, SLF4J, DJL) print their notices to the JVM's {@code System.err}, not to the writer a
 * test passes in.
 */
class MainProcessTest {
  private static SmallCorpus corpus;

  @BeforeAll
  static void build() {
    corpus = SmallCorpus.get();
  }

  private static ChildProcess main(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    return ChildProcess.run(Map.of(), command);
  }

  @Test
  void aCountPrintsItsRowAndNothingOnStderr() {
    ChildProcess run =
        main(
            "count",
            "--index",
            corpus.index.toString(),
            "--step",
            "16",
            "zorblax",
            "--format",
            "csv");
    assertEquals(0, run.exit(), run::toString);
    long[] truth = SmallCorpus.truthAt(corpus.planted("zorblax"), 16);
    assertEquals(
        "query,view,step,sequences,occurrences\nzorblax,text,16,"
            + truth[0]
            + ","
            + truth[1]
            + "\n",
        run.out());
    assertEquals("", run.err(), "Lucene's start-up notice must stay silenced");
  }

  /**
   * --encode runs the DJL tokenizer, whose SLF4J API prints a three-line warning when no binding is
   * present.
   */
  @Test
  void encodingTextPrintsNothingOnStderr() {
    ChildProcess run =
        main(
            "count",
            "--index",
            corpus.index.toString(),
            "--view",
            "tokens",
            "--encode",
            " zorblax",
            "--step",
            "16",
            "--format",
            "json");
    assertEquals(0, run.exit(), run::toString);
    assertEquals(1, run.out().lines().count(), run::toString);
    assertEquals("", run.err());
  }

  @Test
  void aUserErrorExitsWithStatus2AndOneLine() {
    ChildProcess run = main("count", "--index", corpus.index.toString(), "--step", "39", "zorblax");
    assertEquals(2, run.exit(), run::toString);
    assertEquals("", run.out());
    List<String> lines = run.err().lines().toList();
    assertEquals(1, lines.size(), run::toString);
    assertTrue(
        lines.getFirst().startsWith("stepindex: step 39 is beyond the data"), lines.getFirst());
  }
}
