package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stepindex.cli.CliRun.concat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --step} and {@code --steps} mean one thing in every command (README's command table):
 * {@code --step S} is a point in training, {@code --steps} a set of steps, a range {@code A:B}
 * among its forms. The options that meant something else were renamed, and their old spellings
 * still work, hidden from the help.
 */
class StepOptionsTest {
  private static SmallCorpus corpus;

  @BeforeAll
  static void build() {
    corpus = SmallCorpus.get();
  }

  private static CliRun run(String command, String... args) {
    return CliRun.of(concat(new String[] {command, "--index", corpus.index.toString()}, args));
  }

  /**
   * A range A:B is the steps A to B-1, in count, cooccur and timeline alike, each row what the list
   * gives.
   */
  @Test
  void aRangeOfStepsIsEachStepFromAToBMinusOne() {
    String[] list = {"--steps", "3,4,5,6", "--format", "json"};
    String[] range = {"--steps", "3:7", "--format", "json"};
    assertEquals(
        run("count", concat(list, "zorblax")).ok().out(),
        run("count", concat(range, "zorblax")).ok().out());
    assertEquals(
        run("cooccur", concat(list, "galaxy", "the")).ok().out(),
        run("cooccur", concat(range, "galaxy", "the")).ok().out());
    assertEquals(
        run("timeline", concat(list, "\"quasar nebula\"")).ok().out(),
        run("timeline", concat(range, "\"quasar nebula\"")).ok().out());
    assertEquals(4, run("count", concat(range, "zorblax")).ok().jsonLines().size());
  }

  /**
   * An answer at each step needs both ends of a range, and a step in it; the lists' errors are
   * unchanged.
   */
  @Test
  void aRangeToAnswerAtNeedsBothEndsAndAStep() {
    assertEquals(
        "--steps 5:5 names no step (A:B is the steps A to B-1)",
        run("count", "--steps", "5:5", "zorblax").userError());
    assertTrue(
        run("timeline", "--steps", "5:", "zorblax").userError().startsWith("--steps must be A:B"));
    assertTrue(
        run("count", "--steps", "0,39", "zorblax").userError().contains("step 39"),
        "a list is as given");
    assertTrue(
        run("count", "--steps", "3:40", "zorblax").userError().contains("step 39"),
        "so is a range");
  }

  /** A command that works on the batches of a range refuses a list in its one line. */
  @Test
  void aCommandOfBatchesTakesARange() {
    String message =
        CliRun.of(
                concat(
                    new String[] {
                      "index",
                      "--data",
                      corpus.data.toString(),
                      "--tokenizer",
                      corpus.tokenizer.toString(),
                      "--index",
                      corpus.root.resolve("other-index").toString(),
                      "--steps",
                      "pythia"
                    },
                    SmallCorpus.layout()))
            .userError();
    assertTrue(message.startsWith("--steps must be A:B"), message);
  }

  /**
   * {@code show --batch S} is the batch step S trains on; {@code --step S}, its old name, prints
   * the same.
   */
  @Test
  void showTakesBatchAndItsOldNameStep() {
    String[] data = corpus.dataOptions();
    String byBatch =
        CliRun.of(concat(concat(new String[] {"show"}, data), "--batch", "3", "--seq", "1"))
            .ok()
            .out();
    assertEquals(
        byBatch,
        CliRun.of(concat(concat(new String[] {"show"}, data), "--step", "3", "--seq", "1"))
            .ok()
            .out());
    assertTrue(
        byBatch.startsWith("=== step 3, sequence 1 of the step (dataset sequence 49)"), byBatch);
    assertEquals(
        "--batch 38 is outside the data, which has steps 0..37",
        CliRun.of(concat(concat(new String[] {"show"}, data), "--batch", "38")).userError());
    assertTrue(
        CliRun.of(concat(concat(new String[] {"show"}, data), "--batch", "3", "--step", "3"))
            .userError()
            .startsWith("give --batch S alone"));
    assertTrue(
        CliRun.of(concat(new String[] {"show"}, data))
            .userError()
            .startsWith("Missing required option: '--batch=S'"));
  }

  /**
   * {@code bench-train --iterations N} are its timed steps; {@code --steps N}, the old name, sets
   * the same.
   */
  @Test
  void benchTrainTakesIterationsAndItsOldNameSteps() {
    for (List<String> args : List.of(List.of("--iterations", "5"), List.of("--steps", "5"))) {
      String[] line = concat(new String[] {"bench-train"}, args.toArray(String[]::new));
      CommandLine cli = Main.commandLine(line);
      cli.parseArgs(line);
      BenchTrainCommand command = cli.getSubcommands().get("bench-train").getCommand();
      assertEquals(5, command.iterations, args::toString);
    }
  }

  /** The old spellings are hidden: each command's help shows one meaning. */
  @Test
  void theOldSpellingsAreNotInTheHelp() {
    String show = CliRun.of("show", "--help").ok().out();
    assertTrue(show.contains("--batch=S"), show);
    assertFalse(show.contains("--step="), show);
    String benchTrain = CliRun.of("bench-train", "--help").ok().out();
    assertTrue(benchTrain.contains("--iterations=N"), benchTrain);
    assertFalse(benchTrain.contains("--steps"), benchTrain);
  }
}
