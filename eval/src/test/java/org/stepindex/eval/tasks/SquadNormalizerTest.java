package org.stepindex.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** SQuAD normalization, case by case. */
class SquadNormalizerTest {

  @Test
  void lowerCasesAndDropsPunctuation() {
    assertEquals("usa", SquadNormalizer.normalize("U.S.A."));
    assertEquals("paris france", SquadNormalizer.normalize("Paris, France!"));
    assertEquals("aha", SquadNormalizer.normalize("A-ha"));
    assertEquals("rocknroll", SquadNormalizer.normalize("Rock'n'Roll"));
  }

  @Test
  void dropsArticlesAsWholeWords() {
    assertEquals("beatles", SquadNormalizer.normalize("The Beatles"));
    assertEquals("apple day", SquadNormalizer.normalize("an apple a day"));
    assertEquals("", SquadNormalizer.normalize("The"));
    assertEquals("anathema theory", SquadNormalizer.normalize("Anathema Theory"));
    // Punctuation goes first, so "the-end" becomes "theend", which keeps its letters.
    assertEquals("theend", SquadNormalizer.normalize("the-end"));
  }

  @Test
  void collapsesWhitespace() {
    assertEquals("red planet", SquadNormalizer.normalize("  the\tred \n planet  "));
    assertEquals("red planet", SquadNormalizer.normalize("red\u00a0planet"));
    assertEquals("", SquadNormalizer.normalize(""));
  }

  @Test
  void wordsAndSpacesArePythons() {
    // a combining mark is no \w for Python: "the" before it is still an article
    assertEquals("\u0301 end", SquadNormalizer.normalize("the\u0301 end"));
    // U+0085 and U+001F are white space for str.split()
    assertEquals("x y z", SquadNormalizer.normalize("x\u0085y\u001fz"));
  }

  @Test
  void keepsNonAsciiLetters() {
    assertEquals("théâtre", SquadNormalizer.normalize("Théâtre"));
    assertEquals("café de flore", SquadNormalizer.normalize("Café de Flore"));
    // Non-ASCII punctuation is not in Python's string.punctuation and stays.
    assertEquals("«oui»", SquadNormalizer.normalize("«Oui»"));
  }
}
