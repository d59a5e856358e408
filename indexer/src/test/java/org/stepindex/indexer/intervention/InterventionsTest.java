package org.stepindex.indexer.intervention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * {@link Interventions#parse}: kinds, {@code @pct:} resolution, resolved specs, and one-line errors
 * for junk.
 */
class InterventionsTest {
  @TempDir static Path dir;
  static Map<String, Integer> ids;
  static HfTokenizer tokenizer;

  @BeforeAll
  static void setUp() {
    ids =
        ByteLevelBpeWriter.write(
            dir.resolve("tokenizer.json"), List.of("he", "she", "cat", "dog", "cats", "bird"));
    tokenizer = HfTokenizer.load(dir.resolve("tokenizer.json"));
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void lastPercentOfTheStepsRoundsTheChangedStepsUp() {
    assertEquals(132_990, start("swap-pronouns@pct:7", 143_000), "Pythia, last 7%: 10,010 steps");
    assertEquals(112_970, start("swap-pronouns@pct:21", 143_000), "Pythia, last 21%: 30,030 steps");
    assertEquals(995, start("swap-pronouns@pct:0.5", 1000));
    assertEquals(0, start("swap-pronouns@pct:100", 1000));
    // ceil(10 · 7 / 100) = ceil(0.7) = 1 step changed: at least P%, never none.
    assertEquals(9, start("swap-pronouns@pct:7", 10));
    for (long total : new long[] {1, 3, 99, 100, 101, 14_299, 143_000}) {
      for (int percent = 1; percent <= 100; percent++) {
        long expected = total - (total * percent + 99) / 100;
        assertEquals(
            expected, start("swap-pronouns@pct:" + percent, total), percent + "% of " + total);
      }
    }
  }

  private static long start(String spec, long totalSteps) {
    Intervention intervention = Interventions.parse(spec, tokenizer, totalSteps);
    assertEquals(
        "swap-pronouns@" + intervention.startStep(),
        intervention.spec(),
        "the spec names the step");
    return intervention.startStep();
  }

  @Test
  void specsResolveToAnAbsoluteStep() {
    Intervention pronouns = Interventions.parse("  swap-pronouns@13300 ", tokenizer, 14_300);
    assertInstanceOf(SwapPronouns.class, pronouns);
    assertEquals("swap-pronouns@13300", pronouns.spec());
    assertEquals(13_300, pronouns.startStep());
    assertEquals(
        "swap-pronouns@13299",
        Interventions.parse("swap-pronouns@pct:7", tokenizer, 14_300).spec());
    Intervention words =
        Interventions.parse("replace-words: cat=dog , dog=cat@pct:50", tokenizer, 10);
    assertInstanceOf(ReplaceWords.class, words);
    assertEquals("replace-words:cat=dog,dog=cat@5", words.spec());
    // The resolved spec parses back to the same intervention.
    assertEquals(words.spec(), Interventions.parse(words.spec(), tokenizer, 10).spec());
  }

  @Test
  void replaceWordsExchangesPairsAtOnceAndReportsFormsThatAreNotOneToken() {
    ReplaceWords words =
        (ReplaceWords)
            Interventions.parse("replace-words:cat=dog,dog=cat,bird=parrot@2", tokenizer, 10);
    assertEquals(
        List.of(
            new Mapping("cat", ids.get("cat"), "dog", ids.get("dog")),
            new Mapping(" cat", ids.get(" cat"), " dog", ids.get(" dog")),
            new Mapping("dog", ids.get("dog"), "cat", ids.get("cat")),
            new Mapping(" dog", ids.get(" dog"), " cat", ids.get(" cat"))),
        words.mapped());
    assertEquals(List.of("bird", " bird"), words.unmapped());
    assertTrue(
        words.describe().contains("\"bird\" → \"parrot\" (\"parrot\" is not one token)"),
        words.describe());

    int[] tokens = tokenizer.encode("cat dog cats dog, cat");
    int[] before = tokens.clone();
    assertFalse(words.apply(1, tokens, tokens.length));
    assertEquals("cat dog cats dog, cat", tokenizer.decode(tokens, 0, tokens.length));
    assertTrue(words.apply(2, tokens, tokens.length));
    assertEquals(before.length, tokens.length);
    // "cats" is a token of its own; "cat" glued to a letter would be part of a longer word either
    // way.
    assertEquals("dog cat cats cat, dog", tokenizer.decode(tokens, 0, tokens.length));
  }

  @Test
  void junkIsRefusedWithOneLineNamingTheProblem() {
    refused("", "empty intervention");
    refused("   ", "empty intervention");
    refused("swap-pronouns", "has no start step");
    refused("swap-pronouns@", "neither a step nor pct:P");
    refused("swap-pronouns@abc", "neither a step nor pct:P");
    refused("swap-pronouns@1.5", "neither a step nor pct:P");
    refused("swap-pronouns@-1", "outside the training steps 0:1000");
    refused("swap-pronouns@1000", "outside the training steps 0:1000");
    refused("swap-pronouns@pct:0", "0 < P <= 100");
    refused("swap-pronouns@pct:-3", "0 < P <= 100");
    refused("swap-pronouns@pct:101", "0 < P <= 100");
    refused("swap-pronouns@pct:seven", "not a number");
    refused("swap-pronouns@pct:", "not a number");
    refused("swap-pronouns:he=she@5", "takes no arguments");
    refused("swap-nouns@5", "unknown intervention 'swap-nouns'");
    refused("@5", "unknown intervention ''");
    refused("replace-words@5", "needs word pairs");
    refused("replace-words:@5", "needs word pairs");
    refused("replace-words:cat@5", "'cat' is not FROM=TO");
    refused("replace-words:cat=@5", "'cat=' is not FROM=TO");
    refused("replace-words:cat=dog,,dog=cat@5", "'' is not FROM=TO");
    refused("replace-words:cat=dog=bird@5", "is not FROM=TO");
    refused("replace-words:cat=cat@5", "maps 'cat' to itself");
    refused("replace-words:cat=dog,cat=bird@5", "'cat' is replaced twice");
    refused("replace-words:c t=dog@5", "'c t' is not a word");
    refused("replace-words:cat=d.g@5", "'d.g' is not a word");
    refused("replace-words:zebra=yak@5", "would change nothing");
  }

  @Test
  void aTokenizerWithoutPronounsIsRefused() {
    HfTokenizer plain = HfTokenizer.load(writeTokenizer("plain.json", List.of("cat", "dog")));
    try (plain) {
      String message = oneLine(() -> Interventions.parse("swap-pronouns@1", plain, 10));
      assertTrue(message.contains("would change nothing"), message);
      assertTrue(message.contains("\" himself\" → \" herself\" (neither is one token)"), message);
    }
  }

  private static Path writeTokenizer(String name, List<String> words) {
    Path file = dir.resolve(name);
    ByteLevelBpeWriter.write(file, words);
    return file;
  }

  private static void refused(String spec, String expected) {
    String message = oneLine(() -> Interventions.parse(spec, tokenizer, 1000));
    assertTrue(message.contains(expected), "'" + spec + "': " + message);
  }

  private static String oneLine(org.junit.jupiter.api.function.Executable parse) {
    String message = assertThrows(StepIndexException.class, parse).getMessage();
    assertFalse(message.isBlank());
    assertFalse(message.contains("\n") || message.contains("\r"), message);
    return message;
  }
}
