package org.stepindex.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Pythia scorer: the first {@code \d{1,5}} of the completion must be the answer. */
class ArithmeticScorerTest {

  @Test
  void rightAnswers() {
    assertTrue(ArithmeticScorer.correct("19", "19"));
    assertTrue(ArithmeticScorer.correct(" 19\n", "19"));
    assertTrue(ArithmeticScorer.correct("The answer is 19", "19"));
    assertTrue(ArithmeticScorer.correct(" 19 apples, not 20", "19"));
    assertTrue(ArithmeticScorer.correct(" 19.5", "19"));
  }

  @Test
  void wrongAnswers() {
    assertFalse(ArithmeticScorer.correct("019", "19"), "a leading zero is not the answer written");
    assertFalse(ArithmeticScorer.correct("1 9", "19"));
    // Python's \d is any Unicode decimal digit: the first number of "\u06619" is "\u06619", not 9
    assertFalse(
        ArithmeticScorer.correct("\u06619", "9"),
        "an Arabic-Indic one then 9 is one number for Python");
    assertEquals("\u0661\u0669", ArithmeticScorer.firstNumber(" \u0661\u0669 ", false));
    assertFalse(ArithmeticScorer.correct("", "19"));
    assertFalse(ArithmeticScorer.correct(" nineteen", "19"));
    assertFalse(ArithmeticScorer.correct("19000000", "19"));
    assertFalse(ArithmeticScorer.correct(" 20 or 19", "19"));
  }

  @Test
  void firstNumberIsAtMostFiveDigits() {
    assertEquals("19000", ArithmeticScorer.firstNumber("19000000", false));
    assertEquals("019", ArithmeticScorer.firstNumber("x019", false));
    assertEquals("", ArithmeticScorer.firstNumber(" none", false));
    assertTrue(ArithmeticScorer.correct("19000000", "19000"));
  }

  @Test
  void signOnlyCountsForNegativeTargets() {
    assertTrue(ArithmeticScorer.correct(" -5", "-5"));
    assertFalse(ArithmeticScorer.correct(" 5", "-5"));
    // Non-negative targets are scored as Pythia does: the sign is not part of the number read.
    assertTrue(ArithmeticScorer.correct(" -5", "5"));
    assertEquals("5", ArithmeticScorer.firstNumber("-5", false));
  }
}
