package org.stepindex.indexer.intervention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * {@link SwapPronouns} on a real byte-level BPE tokenizer.json in which "His" and "Herself" are not
 * single tokens: the derived map against one written by hand from the writer's ids, and swapped
 * streams against a regex over the decoded text.
 */
class SwapPronounsTest {
  private static final long START = 100;

  /**
   * The pairs this vocabulary can swap: "His" is not a token, nor is "Herself", so His and Himself
   * stay.
   */
  private static final Map<String, String> SWAPPABLE =
      Map.of(
          "he", "she", "him", "her", "his", "her", "himself", "herself", "He", "She", "Him", "Her");

  @TempDir static Path dir;
  static Map<String, Integer> ids;
  static HfTokenizer tokenizer;
  static SwapPronouns swap;

  @BeforeAll
  static void setUp() {
    ids =
        ByteLevelBpeWriter.write(
            dir.resolve("tokenizer.json"),
            // The writer makes every prefix of a word a token too: "Him" is one because "Himself"
            // is listed.
            List.of(
                "he", "she", "him", "her", "his", "himself", "herself", "He", "She", "Her",
                "Himself", "the", "cat", "saw", "said", "ac", "hat"));
    tokenizer = HfTokenizer.load(dir.resolve("tokenizer.json"));
    swap = SwapPronouns.of(tokenizer, START);
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void mapsEveryFormThatIsOneTokenOnBothSidesAndReportsTheRest() {
    List<Mapping> expected = new ArrayList<>();
    for (String word : List.of("he", "him", "his", "himself", "He", "Him")) {
      for (String space : List.of("", " ")) {
        String to = space + SWAPPABLE.get(word);
        expected.add(new Mapping(space + word, id(space + word), to, id(to)));
      }
    }
    assertEquals(expected, swap.mapped());
    // The writer's ids are the tokenizer.json spellings: " he" is Ġhe.
    assertEquals(tokenizer.idOf("Ġhe").orElseThrow(), swap.mapped().get(1).fromId());
    assertEquals(List.of("His", " His", "Himself", " Himself"), swap.unmapped());

    String description = swap.describe();
    assertTrue(description.startsWith("swap-pronouns@100: "), description);
    assertFalse(description.contains("\n"), description);
    for (Mapping mapping : expected) {
      assertTrue(description.contains(mapping.toString()), mapping + " in " + description);
    }
    assertTrue(
        description.contains("\" Himself\" → \" Herself\" (\" Herself\" is not one token)"),
        description);
    assertTrue(description.contains("\"His\" → \"Her\" (\"His\" is not one token)"), description);
    assertEquals("swap-pronouns@100", swap.spec());
    assertEquals(START, swap.startStep());
  }

  @Test
  void swapsWholeWordsAsARegexOverTheDecodedTextDoes() {
    // Word tokens, bare and spaced, and single letters and punctuation that glue onto them
    // ("ac"+"he", "he"+"s").
    List<Integer> alphabet = new ArrayList<>();
    ids.forEach((text, id) -> alphabet.add(id));
    for (String piece : List.of("Him", " Him", "a", "s", "x", "1", "_", ".", "'", "!", "\n", " ")) {
      alphabet.add(tokenizer.encode(piece)[0]);
    }
    SplittableRandom random = new SplittableRandom(3);
    int swapped = 0;
    int leftInsideWords = 0;
    for (int n = 0; n < 400; n++) {
      int[] tokens = new int[1 + random.nextInt(40)];
      for (int i = 0; i < tokens.length; i++) {
        tokens[i] = alphabet.get(random.nextInt(alphabet.size()));
      }
      int[] expected = bruteForce(tokens);
      int[] actual = tokens.clone();
      // A longer buffer, as the indexer passes: only [0, length) may change.
      int[] buffer = new int[tokens.length + 3];
      System.arraycopy(tokens, 0, buffer, 0, tokens.length);
      buffer[tokens.length] = ids.get(" he");
      boolean changed = swap.apply(START, buffer, tokens.length);
      System.arraycopy(buffer, 0, actual, 0, tokens.length);
      assertArrayEquals(expected, actual, tokenizer.decode(tokens, 0, tokens.length));
      assertEquals(ids.get(" he"), buffer[tokens.length], "past length");
      assertEquals(!Arrays.equals(tokens, expected), changed);
      for (int i = 0; i < tokens.length; i++) {
        boolean candidate = SWAPPABLE.containsKey(tokenizer.decode(tokens, i, i + 1).strip());
        swapped += candidate && expected[i] != tokens[i] ? 1 : 0;
        leftInsideWords += candidate && expected[i] == tokens[i] ? 1 : 0;
      }
    }
    assertTrue(swapped > 100, "whole words swapped: " + swapped);
    assertTrue(leftInsideWords > 100, "pronoun tokens inside longer words: " + leftInsideWords);
  }

  /**
   * Swaps a token when its text, less a leading space, is a swappable word that the regex sees as a
   * whole word.
   */
  private static int[] bruteForce(int[] tokens) {
    String[] texts = new String[tokens.length];
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < tokens.length; i++) {
      texts[i] = tokenizer.decode(tokens, i, i + 1);
      text.append(texts[i]);
    }
    Matcher word =
        Pattern.compile("(?<!\\w)\\w+(?!\\w)", Pattern.UNICODE_CHARACTER_CLASS)
            .matcher(text)
            .useTransparentBounds(true)
            .useAnchoringBounds(false);
    int[] out = tokens.clone();
    int at = 0;
    for (int i = 0; i < tokens.length; i++) {
      String space = texts[i].startsWith(" ") ? " " : "";
      String core = texts[i].substring(space.length());
      int from = at + space.length();
      at += texts[i].length();
      if (SWAPPABLE.containsKey(core) && word.region(from, at).matches()) {
        out[i] = id(space + SWAPPABLE.get(core));
      }
    }
    return out;
  }

  /** The id of an ASCII form, looked up as tokenizer.json spells it (a leading space is Ġ). */
  private static int id(String form) {
    return tokenizer.idOf(form.replace(' ', 'Ġ')).orElseThrow();
  }

  @Test
  void naturalTextBecomesWhatARegexReplacementGives() {
    String text =
        "He said his cat saw him. hello, Ache! he's himself; His hat, Himself and Him.\nhe\n(his) theme he";
    int[] tokens = tokenizer.encode(text);
    int length = tokens.length;
    assertTrue(swap.apply(START, tokens, length));
    assertEquals(length, tokens.length);
    Matcher pronoun = Pattern.compile("\\b(he|him|his|himself|He|Him)\\b").matcher(text);
    String expected = pronoun.replaceAll(m -> SWAPPABLE.get(m.group(1)));
    assertEquals(
        "She said her cat saw her. hello, Ache! she's herself; His hat, Himself and Her.\nshe\n(her) theme she",
        expected);
    assertEquals(expected, tokenizer.decode(tokens, 0, length));
  }

  @Test
  void stepsBeforeTheStartAreUntouched() {
    int[] original = tokenizer.encode("he saw him and his cat");
    int[] tokens = original.clone();
    assertFalse(swap.apply(START - 1, tokens, tokens.length));
    assertFalse(swap.apply(0, tokens, tokens.length));
    assertArrayEquals(original, tokens);
    assertTrue(swap.apply(START, tokens, tokens.length));
    assertEquals("she saw her and her cat", tokenizer.decode(tokens, 0, tokens.length));
    assertFalse(swap.apply(START + 1, tokens, tokens.length), "nothing left to swap");
    int[] noPronouns = tokenizer.encode("the cat saw the hat");
    assertFalse(swap.apply(START, noPronouns, noPronouns.length));
  }

  @Test
  void idsOutsideTheVocabularyAreLeftAloneAndJoinNoWord() {
    int he = ids.get(" he");
    int[] tokens = {-1, he, 1 << 20, he};
    assertTrue(swap.apply(START, tokens, tokens.length));
    assertArrayEquals(new int[] {-1, ids.get(" she"), 1 << 20, ids.get(" she")}, tokens);
  }
}
