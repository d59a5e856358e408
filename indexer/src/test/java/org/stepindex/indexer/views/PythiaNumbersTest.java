package org.stepindex.indexer.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.stepindex.indexer.views.BruteForce.assertOneLineError;

import java.util.List;
import org.junit.jupiter.api.Test;

class PythiaNumbersTest {

  private static void assertTerms(String text, String... expected) {
    assertEquals(List.of(expected), PythiaNumbers.terms(text), text);
    assertEquals(BruteForce.pythiaCounts(text), BruteForce.histogram(List.of(expected)), "brute force on " + text);
  }

  @Test
  void oneToThreeWordsBetweenMakeAWindow() {
    assertTerms("7 plus 12", "7", "12", "7-12");
    assertTerms("7 a b 12", "7", "12", "7-12");
    assertTerms("7 a b c 12", "7", "12", "7-12");
  }

  @Test
  void adjacentNumbersAndFourWordsBetweenMakeNone() {
    assertTerms("7 12");
    assertTerms("7 a b c d 12");
    assertTerms("");
    assertTerms("   ");
    assertTerms("just words here");
  }

  @Test
  void pairsAreSortedNumericallyAndNumbersKeepTheirDigits() {
    assertTerms("12 plus 7", "12", "7", "7-12");
    assertTerms("10 plus 9", "10", "9", "9-10");
    assertTerms("007 plus 7", "007", "7", "007-7");
    assertTerms("7 plus 007", "7", "007", "007-7");
    assertTerms("123456789012345678901234567890 and 2", "123456789012345678901234567890", "2",
        "2-123456789012345678901234567890");
  }

  @Test
  void theSameNumberTwiceCountsOncePerWindow() {
    assertTerms("7 plus 7", "7", "7-7");
  }

  @Test
  void windowsChainAndOverlap() {
    // positions 0, 2, 4: every pair has one or three words between
    assertTerms("1 a 2 b 3", "1", "2", "1-2", "1", "3", "1-3", "2", "3", "2-3");
    // three numbers in a row: only 1 and 3 are apart by a word (the number 2)
    assertTerms("1 2 3", "1", "3", "1-3");
  }

  @Test
  void punctuationAroundANumberIsStripped() {
    assertTerms("(12), plus 7.", "12", "7", "7-12");
    assertTerms("\"3\" + [4]!", "3", "4", "3-4");
    assertTerms("7 % 5", "7", "5", "5-7");
  }

  @Test
  void decimalsHyphenatedAndMixedWordsAreNotNumbersButAreWords() {
    assertTerms("3.5 plus 7");
    assertTerms("12-7 plus 7");
    assertTerms("1,000 plus 7");
    assertTerms("x12 plus 7");
    assertTerms("12th plus 7");
    assertTerms("7 3.5 12", "7", "12", "7-12");
  }

  @Test
  void nonAsciiDigitsAreNotNumbers() {
    assertTerms("\u0661\u0662 plus 7"); // Arabic-Indic 12
    assertTerms("\uff17 plus 7"); // fullwidth 7
    assertTerms("\u00b2 plus 7 plus 9", "7", "9", "7-9"); // superscript two is no letter or digit: stripped to nothing
  }

  @Test
  void wordsSplitAtAllWhiteSpaceAsPythonDoes() {
    assertEquals(List.of("7", "12", "7-12"), PythiaNumbers.terms("7\u00a0plus\u00a012"));
    assertEquals(List.of("7", "12", "7-12"), PythiaNumbers.terms("7\u2009plus\u3000\u300012"));
    assertTerms("7\nplus\t12", "7", "12", "7-12");
  }

  @Test
  void agreesWithBruteForceOnRandomText() {
    RandomText random = new RandomText(20240601);
    int windows = 0;
    for (int i = 0; i < 3000; i++) {
      String text = random.text(30);
      List<String> terms = PythiaNumbers.terms(text);
      assertEquals(BruteForce.pythiaCounts(text), BruteForce.histogram(terms), text);
      windows += terms.size();
    }
    assertEquals(true, windows > 3000, "the random texts must exercise windows, got " + windows + " terms");
  }

  @Test
  void normalizesQueries() {
    assertEquals("12", PythiaNumbers.normalizeQuery("12"));
    assertEquals("12", PythiaNumbers.normalizeQuery(" 12 "));
    assertEquals("7-12", PythiaNumbers.normalizeQuery("12-7"));
    assertEquals("7-12", PythiaNumbers.normalizeQuery("7-12"));
    assertEquals("7-12", PythiaNumbers.normalizeQuery("12 7"));
    assertEquals("7-12", PythiaNumbers.normalizeQuery("12 - 7"));
    assertEquals("9-10", PythiaNumbers.normalizeQuery("10 9"));
    assertEquals("007", PythiaNumbers.normalizeQuery("007"));
    assertEquals("7-7", PythiaNumbers.normalizeQuery("7 7"));
    // a normalized pair is exactly the term terms() produces
    assertEquals(PythiaNumbers.terms("12 plus 7").get(2), PythiaNumbers.normalizeQuery("12 7"));
    for (String junk : new String[] {"", "abc", "1-2-3", "3.5", "\u0661\u0662", "-5", "12 plus 7", "1,000"}) {
      assertOneLineError(() -> PythiaNumbers.normalizeQuery(junk), "'" + junk + "'");
    }
    assertOneLineError(() -> PythiaNumbers.normalizeQuery(null), "pythia-numbers query");
  }
}
