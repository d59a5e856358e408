package org.stepindex.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Option parsing and validation: every bad value is a one-line {@link StepIndexException} naming
 * it.
 */
class OptionsTest {

  private static void assertError(String message, Executable code) {
    StepIndexException e = assertThrows(StepIndexException.class, code);
    assertEquals(message, e.getMessage());
  }

  private static ArithmeticOptions arithmetic(
      List<Operation> ops, IntRange x1, IntRange x2, List<Integer> ks) {
    return new ArithmeticOptions(ops, x1, x2, ks, ArithmeticTemplate.PYTHIA, 1L, 16);
  }

  @Test
  void defaultsAreThePythiaSetup() {
    ArithmeticOptions d = ArithmeticOptions.defaults();
    assertEquals(List.of(Operation.PLUS, Operation.TIMES), d.operations());
    assertEquals(new IntRange(0, 99), d.x1());
    assertEquals(new IntRange(1, 50), d.x2());
    assertEquals(List.of(0, 2, 4, 8, 16), d.shots());
    assertEquals(ArithmeticTemplate.PYTHIA, d.template());
    assertEquals(null, d.seed(), "the study's own shots");
    assertEquals(16, d.maxNewTokens());
    assertEquals(5 * 2 * 100 * 50, new ArithmeticTask(d).items().size());
    TriviaQaOptions t = TriviaQaOptions.defaults();
    assertEquals(List.of(4), t.shots());
    assertEquals(TriviaTemplate.PYTHIA, t.template());
  }

  @Test
  void parsesNames() {
    assertEquals(List.of(Operation.TIMES, Operation.MINUS), Operation.parseList("times, MINUS"));
    assertEquals(ArithmeticTemplate.RAZEGHI, ArithmeticTemplate.parse("razeghi"));
    assertEquals(TriviaTemplate.LM_EVAL, TriviaTemplate.parse("lm-eval"));
    assertEquals(new IntRange(0, 99), IntRange.parse("0-99"));
    assertEquals(new IntRange(7, 7), IntRange.parse(" 7 "));
    assertEquals(List.of(0, 2, 16), ShotCounts.parse("0, 2,16"));
  }

  @Test
  void unknownNames() {
    assertError(
        "unknown arithmetic operation 'divide'; expected one of plus, minus, times, infer-plus, infer-times, min-sec, hour-min, day-hour, week-day, month-week, year-month, decade-year",
        () -> Operation.parseList("plus,divide"));
    assertError(
        "empty operation in 'plus,'; expected e.g. plus,times", () -> Operation.parseList("plus,"));
    assertError(
        "unknown arithmetic template 'gpt3'; expected one of pythia, razeghi",
        () -> ArithmeticTemplate.parse("gpt3"));
    assertError(
        "unknown TriviaQA template 'squad'; expected one of pythia, lm-eval",
        () -> TriviaTemplate.parse("squad"));
  }

  @Test
  void badRanges() {
    assertError(
        "empty range 9-3: the first number must not exceed the second",
        () -> IntRange.parse("9-3"));
    assertError(
        "bad range 'a-3'; expected MIN-MAX of non-negative integers, e.g. 0-99",
        () -> IntRange.parse("a-3"));
    assertError(
        "bad range ''; expected MIN-MAX of non-negative integers, e.g. 0-99",
        () -> IntRange.parse(""));
  }

  @Test
  void badShotCounts() {
    assertError("bad shot count -1: k must be 0 or more", () -> ShotCounts.parse("0,-1"));
    assertError("shot count 2 given twice", () -> ShotCounts.parse("2,0,2"));
    assertError(
        "bad shot count 'x' in '0,x'; expected e.g. 0,2,4,8,16", () -> ShotCounts.parse("0,x"));
    assertError(
        "no shot counts given; expected e.g. 0,2,4,8,16", () -> ShotCounts.check(List.of()));
    // x1 in 0..2 and x2 in 1..2 give 4 shots with another x1: 4 is fine, 5 is not.
    arithmetic(List.of(Operation.PLUS), new IntRange(0, 2), new IntRange(1, 2), List.of(4));
    assertError(
        "bad shot count 5: x1 0-2 and x2 1-2 give only 4 distinct examples with another x1 than the one asked",
        () ->
            arithmetic(
                List.of(Operation.PLUS), new IntRange(0, 2), new IntRange(1, 2), List.of(0, 5)));
    assertError(
        "bad shot count 1: x1 4-4 and x2 1-50 give only 0 distinct examples with another x1 than the one asked",
        () ->
            arithmetic(
                List.of(Operation.PLUS), new IntRange(4, 4), new IntRange(1, 50), List.of(1)));
  }

  @Test
  void theStudysShotsNeedItsRanges() {
    // any x1 inside 0..99 works, even one alone with 16 shots: the pool is every other x1
    new ArithmeticOptions(
        List.of(Operation.PLUS),
        new IntRange(0, 0),
        new IntRange(1, 50),
        List.of(16),
        ArithmeticTemplate.PYTHIA,
        null,
        16);
    assertError(
        "the study's shots are drawn from its datasets, x1 in 0-99 and x2 in 1-50; evaluate ranges inside"
            + " them (got x1 0-100, x2 1-50) or give --seed N to draw shots from the evaluated ranges instead",
        () ->
            new ArithmeticOptions(
                List.of(Operation.PLUS),
                new IntRange(0, 100),
                new IntRange(1, 50),
                List.of(0),
                ArithmeticTemplate.PYTHIA,
                null,
                16));
    // a conversion has no x2, so --x2 does not matter to it
    new ArithmeticOptions(
        List.of(Operation.DAYS_HOURS),
        new IntRange(0, 99),
        new IntRange(0, 500),
        List.of(16),
        ArithmeticTemplate.PYTHIA,
        null,
        16);
  }

  @Test
  void otherBadValues() {
    assertError(
        "no arithmetic operation given; expected e.g. plus,times",
        () -> arithmetic(List.of(), new IntRange(0, 9), new IntRange(1, 9), List.of(0)));
    assertError(
        "arithmetic operation plus given twice",
        () ->
            arithmetic(
                List.of(Operation.PLUS, Operation.PLUS),
                new IntRange(0, 9),
                new IntRange(1, 9),
                List.of(0)));
    assertError(
        "bad max new tokens 0: must be 1 or more",
        () ->
            new ArithmeticOptions(
                List.of(Operation.PLUS),
                new IntRange(0, 9),
                new IntRange(1, 9),
                List.of(0),
                ArithmeticTemplate.PYTHIA,
                1L,
                0));
    assertError(
        "bad max new tokens 0: must be 1 or more",
        () -> new TriviaQaOptions(List.of(4), TriviaTemplate.PYTHIA, 1L, 0, 0));
    assertError(
        "bad question limit -1: must be 0 (all) or more",
        () -> new TriviaQaOptions(List.of(4), TriviaTemplate.PYTHIA, 1L, 16, -1));
    assertError("bad batch size 0: must be 1 or more", () -> new CompletionTask(null, 0));
  }
}
