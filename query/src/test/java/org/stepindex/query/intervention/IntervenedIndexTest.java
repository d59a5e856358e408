package org.stepindex.query.intervention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.query.Count;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.ViewQuery;

/**
 * An index built with {@code --intervention swap-pronouns@pct:37} over a {@code SyntheticCorpus} of
 * 100 steps (start 63, inside the shard 60:70), against the index of the original data and a
 * brute-force count over sequences swapped here with an id map written by hand: before the start it
 * equals the original index, after it the swapped data.
 */
class IntervenedIndexTest {
  private static final int BATCH = 8;
  private static final int LENGTH = 64;
  private static final long SEQUENCES = 800;
  private static final String SPEC = "swap-pronouns@pct:37";
  private static final long START = 63;
  private static final long[] STEPS = {0, 1, 10, 37, 60, 62, 63, 64, 65, 70, 99, 100};

  /**
   * Masculine → feminine as the corpus spells them; the corpus has no "Him", "His" or "Himself".
   */
  private static final Map<String, String> PRONOUNS =
      Map.of("he", "she", "him", "her", "his", "her", "himself", "herself", "He", "She");

  @TempDir static Path tmp;
  static SyntheticCorpus.Result corpus;
  static HfTokenizer tokenizer;
  static int[][] original;
  static int[][] swapped;
  static FrequencyIndex plain;
  static FrequencyIndex intervened;

  @BeforeAll
  static void build() {
    corpus =
        SyntheticCorpus.write(tmp.resolve("corpus"), new SynthOptions(SEQUENCES, LENGTH, BATCH, 5));
    tokenizer = HfTokenizer.load(corpus.tokenizer());
    IndexBuilder.build(options(tmp.resolve("plain"), 0, -1, null), new BuildProgress());
    IndexBuilder.build(options(tmp.resolve("intervened"), 0, -1, SPEC), new BuildProgress());
    plain = FrequencyIndex.open(tmp.resolve("plain"));
    intervened = FrequencyIndex.open(tmp.resolve("intervened"));

    // Every corpus word is one token, so a whole-word swap is a plain id → id map.
    Map<Integer, Integer> byHand = new HashMap<>();
    PRONOUNS.forEach(
        (from, to) -> {
          byHand.put(id(from), id(to));
          byHand.put(id("Ġ" + from), id("Ġ" + to));
        });
    try (MegatronDataset data = MegatronDataset.open(corpus.dataPrefix())) {
      original = new int[(int) SEQUENCES][];
      swapped = new int[(int) SEQUENCES][];
      for (int s = 0; s < SEQUENCES; s++) {
        original[s] = new int[data.size(s)];
        data.read(s, original[s]);
        swapped[s] = original[s].clone();
        if (s / BATCH >= START) {
          for (int i = 0; i < swapped[s].length; i++) {
            swapped[s][i] = byHand.getOrDefault(swapped[s][i], swapped[s][i]);
          }
        }
      }
    }
  }

  private static int id(String token) {
    return tokenizer.idOf(token).orElseThrow(() -> new AssertionError("no token " + token));
  }

  private static BuildOptions options(Path dir, long from, long to, String intervention) {
    return new BuildOptions(
        corpus.dataPrefix(),
        corpus.tokenizer(),
        dir,
        new StepLayout(BATCH, LENGTH),
        List.of("text", "tokens"),
        "every:10",
        from,
        to,
        2,
        intervention);
  }

  @AfterAll
  static void close() {
    plain.close();
    intervened.close();
    tokenizer.close();
  }

  @Test
  void manifestRecordsTheResolvedSpecAndKeepsTheDataFingerprint() throws IOException {
    Manifest manifest = intervened.manifest();
    assertEquals("swap-pronouns@" + START, manifest.intervention());
    assertTrue(manifest.hasIntervention());
    assertEquals(plain.manifest().data(), manifest.data(), "the fingerprint is the data's on disk");
    assertNull(plain.manifest().intervention());
    assertFalse(plain.manifest().hasIntervention());
    // An index of the plain data has the manifest it had before interventions existed, and reads as
    // none.
    assertFalse(
        Files.readString(tmp.resolve("plain").resolve(Manifest.FILE_NAME))
            .contains("intervention"));
    assertTrue(
        Files.readString(tmp.resolve("intervened").resolve(Manifest.FILE_NAME))
            .contains("\"intervention\" : \"swap-pronouns@63\""));
  }

  @Test
  void tokenCountsAreTheOriginalsBeforeTheStartAndTheSwappedDataAfter() {
    for (String token :
        List.of("Ġshe", "Ġhe", "She", "He", "Ġher", "Ġhis", "Ġhimself", "Ġherself", "Ġthe")) {
      int id = id(token);
      compare("tokens", Integer.toString(id), t -> t == id);
    }
  }

  @Test
  void wordCountsAreTheOriginalsBeforeTheStartAndTheSwappedDataAfter() {
    for (String word : List.of("she", "he", "her", "his", "him", "himself", "herself", "the")) {
      // The text view lower-cases words; each corpus word is one token, spaced or not.
      compare(
          "text",
          word,
          t -> tokenizer.decode(new int[] {t}, 0, 1).strip().toLowerCase().equals(word));
    }
  }

  private static void compare(String view, String query, IntPredicate isMatch) {
    ViewQuery plainQuery = plain.compile(view, query);
    ViewQuery intervenedQuery = intervened.compile(view, query);
    Count[] timeline = intervened.timeline(intervenedQuery, STEPS);
    for (int k = 0; k < STEPS.length; k++) {
      long step = STEPS[k];
      String what = view + " '" + query + "' at step " + step;
      Count before = plain.countAt(plainQuery, step);
      Count after = intervened.countAt(intervenedQuery, step);
      assertEquals(bruteForce(original, step, isMatch), before, "original " + what);
      assertEquals(bruteForce(swapped, step, isMatch), after, "intervened " + what);
      assertEquals(after, timeline[k], "timeline " + what);
      if (step <= START) {
        assertEquals(before, after, what + " is before the start");
      }
    }
  }

  private static Count bruteForce(int[][] sequences, long step, IntPredicate isMatch) {
    long matching = 0;
    long occurrences = 0;
    for (int s = 0; s < step * BATCH; s++) {
      long n = 0;
      for (int token : sequences[s]) {
        n += isMatch.test(token) ? 1 : 0;
      }
      matching += n > 0 ? 1 : 0;
      occurrences += n;
    }
    return new Count(matching, occurrences);
  }

  @Test
  void sheGainsEveryHeOfTheIntervenedStepsAndHeStopsGrowing() {
    ViewQuery she = plain.compile("text", "she");
    ViewQuery he = plain.compile("text", "he");
    long heAtStart = plain.countAt(he, START).occurrences();
    long heAtEnd = plain.countAt(he, 100).occurrences();
    assertTrue(
        heAtEnd - heAtStart > 50,
        "the original has 'he' after the start: " + (heAtEnd - heAtStart));
    for (long step : new long[] {START, 64, 70, 99, 100}) {
      long heSince = plain.countAt(he, step).occurrences() - heAtStart;
      assertEquals(
          plain.countAt(she, step).occurrences() + heSince,
          intervened.countAt(intervened.compile("text", "she"), step).occurrences(),
          "she at " + step);
      assertEquals(
          heAtStart,
          intervened.countAt(intervened.compile("text", "he"), step).occurrences(),
          "he at " + step);
    }
    assertEquals(Count.ZERO, intervened.countRange(intervened.compile("text", "he"), START, 100));
  }

  @Test
  void extendingWithAnotherInterventionOrNoneIsRefusedAndLeavesTheIndexUnchanged() {
    Path dir = tmp.resolve("partial");
    IndexBuilder.build(options(dir, 0, 50, "swap-pronouns@" + START), new BuildProgress());
    Map<String, String> before = snapshot(dir);
    refused(options(dir, 50, -1, null), "intervention swap-pronouns@63, not none");
    refused(
        options(dir, 50, -1, "swap-pronouns@70"),
        "intervention swap-pronouns@63, not swap-pronouns@70");
    refused(
        options(dir, 50, -1, "replace-words:he=she@63"),
        "intervention swap-pronouns@63, not replace-words:he=she@63");
    assertEquals(before, snapshot(dir));

    Path plainPart = tmp.resolve("plain-part");
    IndexBuilder.build(options(plainPart, 0, 50, null), new BuildProgress());
    Map<String, String> plainBefore = snapshot(plainPart);
    refused(options(plainPart, 50, -1, SPEC), "intervention none, not swap-pronouns@63");
    assertEquals(plainBefore, snapshot(plainPart));

    // The same intervention, written as the percentage that resolves to the same step, extends it.
    IndexBuilder.build(options(dir, 50, -1, SPEC), new BuildProgress());
    try (FrequencyIndex extended = FrequencyIndex.open(dir)) {
      for (String word : List.of("she", "he")) {
        assertArrayEquals(
            intervened.timeline(intervened.compile("text", word), STEPS),
            extended.timeline(extended.compile("text", word), STEPS),
            word);
      }
    }
  }

  private static void refused(BuildOptions options, String expected) {
    String message =
        assertThrows(
                StepIndexException.class, () -> IndexBuilder.build(options, new BuildProgress()))
            .getMessage();
    assertFalse(message.contains("\n"), message);
    assertTrue(message.contains("was built with " + expected), message);
    assertTrue(message.contains("left unchanged"), message);
  }

  @Test
  void aBadSpecIsRefusedBeforeAnythingIsWritten() {
    Path dir = tmp.resolve("never");
    StepIndexException e =
        assertThrows(
            StepIndexException.class,
            () ->
                IndexBuilder.build(options(dir, 0, -1, "swap-pronouns@100"), new BuildProgress()));
    assertTrue(e.getMessage().contains("outside the training steps 0:100"), e.getMessage());
    assertFalse(Files.exists(dir));
  }

  /** Relative path → SHA-256 of every file under {@code root}. */
  private static Map<String, String> snapshot(Path root) {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.toList()) {
        String name = root.relativize(path).toString();
        entries.put(
            name,
            Files.isDirectory(path)
                ? "dir"
                : HexFormat.of()
                    .formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    return entries;
  }
}
