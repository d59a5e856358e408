package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every mistake a user can make on the command line ends the same way: exit code 2, one line on
 * stderr starting {@code stepindex: } that says what is wrong, no stack trace, and nothing on
 * stdout that a script could mistake for a result.
 */
class UserErrorsTest {
  @TempDir static Path dir;

  /**
   * Each case: what the user did wrong, the arguments, and words the one-line message must contain.
   */
  static Stream<Arguments> mistakes() {
    String index = SmallCorpus.get().index.toString();
    Path queries = writeQueries();
    return Stream.of(
        Arguments.of(
            "step beyond the data",
            new String[] {"count", "--index", index, "--step", "39", "zorblax"},
            "step 39 is beyond the data"),
        Arguments.of(
            "negative step",
            new String[] {"count", "--index", index, "--step", "-1", "zorblax"},
            "non-negative"),
        Arguments.of(
            "range backwards",
            new String[] {"count", "--index", index, "--from", "16", "--to", "4", "zorblax"},
            "--from 16 is after --to 4"),
        Arguments.of(
            "step beyond the data in a list",
            new String[] {"count", "--index", index, "--steps", "0,39", "zorblax"},
            "step 39"),
        Arguments.of(
            "bad step schedule",
            new String[] {"count", "--index", index, "--steps", "weekly", "zorblax"},
            "weekly"),
        Arguments.of(
            "unbalanced quote",
            new String[] {"count", "--index", index, "--step", "4", "\"unbalanced"},
            "cannot parse text query '\"unbalanced'"),
        Arguments.of(
            "missing index directory",
            new String[] {
              "count", "--index", dir.resolve("nowhere").toString(), "--step", "4", "zorblax"
            },
            "no index at"),
        Arguments.of(
            "empty query",
            new String[] {"count", "--index", index, "--step", "4", ""},
            "empty query"),
        Arguments.of(
            "non-numeric token id",
            new String[] {"count", "--index", index, "--view", "tokens", "--step", "4", "12x"},
            "'12x'"),
        Arguments.of(
            "token id beyond the vocabulary",
            new String[] {"count", "--index", index, "--view", "tokens", "--step", "4", "999999"},
            "999999"),
        Arguments.of(
            "unknown view",
            new String[] {"count", "--index", index, "--view", "bogus", "--step", "4", "12"},
            "bogus"),
        Arguments.of(
            "unknown option",
            new String[] {"count", "--index", index, "--bogus", "--step", "4", "12"},
            "--bogus"),
        Arguments.of(
            "missing required option", new String[] {"count", "--step", "4", "zorblax"}, "--index"),
        Arguments.of(
            "no step at all", new String[] {"count", "--index", index, "zorblax"}, "--step"),
        Arguments.of(
            "step and range together",
            new String[] {
              "count", "--index", index, "--step", "4", "--from", "0", "--to", "4", "zorblax"
            },
            "--step"),
        Arguments.of(
            "unknown format",
            new String[] {"count", "--index", index, "--step", "4", "--format", "xml", "a"},
            "xml"),
        Arguments.of(
            "--encode without --view tokens",
            new String[] {"count", "--index", index, "--step", "4", "--encode", "zorblax"},
            "--encode needs --view tokens"),
        Arguments.of(
            "missing --queries file",
            new String[] {
              "count",
              "--index",
              index,
              "--step",
              "4",
              "--queries",
              dir.resolve("none.txt").toString()
            },
            "none.txt"),
        Arguments.of(
            "both QUERY and --queries",
            new String[] {
              "count", "--index", index, "--step", "4", "--queries", queries.toString(), "vorpal"
            },
            "exactly one of"),
        Arguments.of(
            "timeline step beyond the data",
            new String[] {"timeline", "--index", index, "--steps", "38,40", "zorblax"},
            "step 40"),
        Arguments.of(
            "cooccur with one query",
            new String[] {"cooccur", "--index", index, "--step", "4", "zorblax"},
            "two queries"),
        Arguments.of(
            "cooccur pairs line without a tab",
            new String[] {
              "cooccur", "--index", index, "--step", "4", "--pairs", queries.toString()
            },
            "tab-separated"),
        Arguments.of(
            "cooccur negative window",
            new String[] {"cooccur", "--index", index, "--step", "4", "--window", "-1", "a", "b"},
            "--window"),
        Arguments.of("unknown command", new String[] {"frobnicate"}, "frobnicate"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void isOneLineOnStderrAndExitCode2(String mistake, String[] args, String mentioned) {
    String message = CliRun.of(args).userError();
    assertTrue(
        message.contains(mentioned), () -> mistake + ": '" + mentioned + "' not in: " + message);
  }

  /**
   * "cannot read X: X" (the JDK's NoSuchFileException message is just the path) does not tell the
   * user what is wrong with X; the design asks for a clear message.
   */
  @Test
  void aMissingQueriesFileIsSaidToBeMissing() {
    String missing = dir.resolve("none.txt").toString();
    String message =
        CliRun.of(
                "count",
                "--index",
                SmallCorpus.get().index.toString(),
                "--step",
                "4",
                "--queries",
                missing)
            .userError();
    assertTrue(message.matches("(?i).*(no such file|does not exist|not found).*"), message);
  }

  private static Path writeQueries() {
    try {
      return Files.writeString(dir.resolve("queries.txt"), "zorblax\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
