package org.stepindex.query.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.query.rows.JsonRows;

/**
 * {@code exposures} against the scan of the {@code .bin}: first, n-th and last step, steps since
 * the last, steps holding the query, and per-interval counts, for words, phrases, token n-grams,
 * entities and pairs, at every kind of step (0, inside shards, on shard edges, the last full step
 * and the end of the trailing partial batch).
 */
class ExposuresTest {
  private static final long[] STEPS = {0, 1, 3, 5, 8, 13, 16, 20, 32, 37, 40, 41};
  private static final List<Long> NTH = List.of(1L, 2L, 5L, 10L, 100L, 1000L, 100_000L);

  private static Fixture f;
  private static int n;

  @BeforeAll
  static void open() {
    f = Fixture.get();
    n = (int) RealTextIndex.SEQUENCES;
  }

  /** What the scan says, from occurrences per sequence. */
  private static ExposureRow expected(
      String query, List<String> pair, String view, long[] occurrences, long step, long[] ends) {
    int end = (int) f.scan.end(step);
    Long first = null;
    Long last = null;
    long stepsWith = 0;
    long previousStep = -1;
    Map<Long, Long> nth = new LinkedHashMap<>();
    NTH.forEach(k -> nth.put(k, null));
    long seen = 0;
    for (int s = 0; s < end; s++) {
      if (occurrences[s] == 0) {
        continue;
      }
      long at = s / RealTextIndex.BATCH;
      first = first == null ? at : first;
      last = at;
      if (at != previousStep) {
        stepsWith++;
        previousStep = at;
      }
      for (long k : NTH) {
        if (seen < k && seen + occurrences[s] >= k) {
          nth.put(k, at);
        }
      }
      seen += occurrences[s];
    }
    List<ExposureRow.Interval> per = null;
    if (ends != null) {
      per = new ArrayList<>();
      for (int i = 1; i < ends.length; i++) {
        long seqs = 0;
        long occ = 0;
        for (int s = (int) f.scan.end(ends[i - 1]); s < f.scan.end(ends[i]); s++) {
          seqs += occurrences[s] > 0 ? 1 : 0;
          occ += occurrences[s];
        }
        per.add(
            new ExposureRow.Interval(
                ends[i - 1], ends[i], new org.stepindex.query.Count(seqs, occ)));
      }
    }
    return new ExposureRow(query, pair, view, step, first, nth, last, stepsWith, per);
  }

  @Test
  void queriesOfEveryViewMatchTheScanAtEveryKindOfStep() {
    Map<String[], long[]> cases = new LinkedHashMap<>();
    for (String word :
        new String[] {"the", "stepindex", "pythia", "\"the index\"", "nothingsuchword"}) {
      String[] phrase = word.replace("\"", "").split(" ");
      cases.put(new String[] {word, "text"}, Scan.perSequence(f.scan.phrase(phrase, 0, n, 0), n));
    }
    for (String text : new String[] {" the", " of the", "--"}) {
      int[] gram = f.scan.encode(text);
      String ids = Arrays.stream(gram).mapToObj(Integer::toString).collect(Collectors.joining(" "));
      cases.put(new String[] {ids, "tokens"}, Scan.perSequence(f.scan.ngram(gram, 0, n, 0), n));
    }
    cases.put(
        new String[] {"Q2", "entities"},
        Scan.perSequence(
            f.scan.entity(
                List.of(new String[] {"lucene"}, new String[] {"apache", "lucene"}), 0, n, 0),
            n));
    for (Map.Entry<String[], long[]> c : cases.entrySet()) {
      String query = c.getKey()[0];
      String view = c.getKey()[1];
      for (long step : STEPS) {
        assertEquals(
            expected(query, null, view, c.getValue(), step, null),
            f.history.exposures(query, view, step, NTH, null),
            query + " (" + view + ") at " + step);
      }
    }
  }

  @Test
  void intervalsAreTheCountsInsideEachInterval() {
    long[] the = Scan.perSequence(f.scan.phrase(new String[] {"the"}, 0, n, 0), n);
    for (long step : new long[] {0, 20, 37, 41}) {
      for (String per :
          step >= 13 ? new String[] {"every:7", "pythia", "5,13"} : new String[] {"every:7"}) {
        long[] ends = Exposures.intervalEnds(per, step);
        ExposureRow row = f.history.exposures("the", "text", step, NTH, per);
        assertEquals(expected("the", null, "text", the, step, ends), row, per + " at " + step);
        assertEquals(0, ends[0]);
        assertEquals(step, ends[ends.length - 1]);
      }
    }
    assertEquals(
        "[0, 7, 14, 21, 28, 35, 41]", Arrays.toString(Exposures.intervalEnds("every:7", 41)));
    assertEquals("[0, 1, 2, 4, 8, 16, 20]", Arrays.toString(Exposures.intervalEnds("pythia", 20)));
    assertEquals("[0, 5, 13, 41]", Arrays.toString(Exposures.intervalEnds("5,13", 41)));
  }

  @Test
  void pairsAreTheSequencesHoldingBoth() {
    long[] both =
        Scan.bothPerSequence(
            f.scan.phrase(new String[] {"index"}, 0, n, 0),
            f.scan.phrase(new String[] {"step"}, 0, n, 0),
            n);
    long[] entities =
        Scan.bothPerSequence(
            f.scan.entity(List.of(new String[] {"the", "index"}, new String[] {"index"}), 0, n, 0),
            f.scan.entity(List.<String[]>of(new String[] {"stepindex"}), 0, n, 0),
            n);
    for (long step : STEPS) {
      assertEquals(
          expected(null, List.of("index", "step"), "text", both, step, null),
          f.history.pairExposures("index", "step", "text", 0, step, NTH, null),
          "index & step at " + step);
      assertEquals(
          expected(null, List.of("Q3", "Q1"), "entities", entities, step, null),
          f.history.pairExposures("Q3", "Q1", "entities", 0, step, NTH, null),
          "Q3 & Q1 at " + step);
    }
  }

  @Test
  void whatWasNeverSeenIsNullAsJson() {
    ExposureRow row =
        f.history.exposures("nothingsuchword", "text", 41, List.of(1L, 10L), "every:20");
    assertNull(row.firstStep());
    assertEquals(
        "{\"query\":\"nothingsuchword\",\"view\":\"text\",\"step\":41,\"first_step\":null,"
            + "\"nth\":{\"1\":null,\"10\":null},\"last_step\":null,\"steps_since_last\":null,\"steps_with\":0,"
            + "\"per\":[{\"from\":0,\"to\":20,\"sequences\":0,\"occurrences\":0},"
            + "{\"from\":20,\"to\":40,\"sequences\":0,\"occurrences\":0},"
            + "{\"from\":40,\"to\":41,\"sequences\":0,\"occurrences\":0}]}",
        JsonRows.line(row));
    ExposureRow the = f.history.exposures("the", "text", 41, List.of(1L), null);
    assertEquals(41 - the.lastStep(), the.stepsSinceLast());
    assertTrue(
        JsonRows.line(the)
            .startsWith(
                "{\"query\":\"the\",\"view\":\"text\",\"step\":41,\"first_step\":0,"
                    + "\"nth\":{\"1\":0},\"last_step\":"),
        JsonRows.line(the));
  }

  @Test
  void badInputIsOneLine() {
    assertMessage("--nth takes whole numbers of at least 1", () -> History.parseNth("0"));
    assertMessage("--nth takes whole numbers of at least 1", () -> History.parseNth("1,x"));
    assertMessage("--nth takes whole numbers of at least 1", () -> History.parseNth("-3"));
    assertMessage(
        "has step 50, after --step 41", () -> f.history.exposures("the", "text", 41, NTH, "5,50"));
    assertMessage(
        "step 42 is beyond the data", () -> f.history.exposures("the", "text", 42, NTH, null));
    assertMessage("has no 'txt' view", () -> f.history.exposures("the", "txt", 4, NTH, null));
    assertMessage("empty query", () -> f.history.exposures("", "text", 4, NTH, null));
    assertMessage(
        "checkpoint schedule", () -> f.history.exposures("the", "text", 4, NTH, "every:0"));
    assertEquals(List.of(1L, 10L, 100L, 1000L), History.parseNth(History.DEFAULT_NTH));
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
    StepIndexException e = assertThrows(StepIndexException.class, call);
    assertTrue(e.getMessage().contains(part), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }
}
