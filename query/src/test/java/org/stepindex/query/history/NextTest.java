package org.stepindex.query.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stepindex.indexer.base.StepIndexException;

/**
 * {@code next} against the scan of the {@code .bin}: every token that followed a context inside a
 * document (a special token that follows counted, a context at the end of its sequence not), with
 * counts and probabilities, at steps inside shards, on shard edges and at the end of the trailing
 * partial batch; the top K; the ∞-gram back-off to the longest suffix the data had followed by the
 * step; bad input is one line.
 */
class NextTest {
  private static final long[] STEPS = {0, 1, 3, 5, 8, 13, 16, 20, 32, 37, 40, 41};

  private static Fixture f;

  @BeforeAll
  static void open() {
    f = Fixture.get();
  }

  private static List<NextRow> expected(
      int[] context, int n, long step, TreeMap<Integer, Long> counts, int top) {
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    List<Map.Entry<Integer, Long>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(
        (a, b) ->
            a.getValue().equals(b.getValue())
                ? Integer.compare(a.getKey(), b.getKey())
                : Long.compare(b.getValue(), a.getValue()));
    List<NextRow> rows = new ArrayList<>();
    for (Map.Entry<Integer, Long> e :
        top == 0 ? sorted : sorted.subList(0, Math.min(top, sorted.size()))) {
      rows.add(
          new NextRow(
              Arrays.stream(context).boxed().toList(),
              step,
              n,
              e.getKey(),
              f.scan.decode(new int[] {e.getKey()}, 0, 1),
              e.getValue(),
              (double) e.getValue() / total));
    }
    return rows;
  }

  @Test
  void everyNextTokenMatchesTheScanAtEveryKindOfStep() {
    for (String text :
        new String[] {" the", " of", " of the", "-", " index", " step", " stepindex"}) {
      int[] context = f.scan.encode(text);
      for (long step : STEPS) {
        TreeMap<Integer, Long> counts = f.scan.next(context, f.scan.end(step));
        assertEquals(
            expected(context, context.length, step, counts, 0),
            f.history.next(context, step, 0, false),
            "'" + text + "' at " + step);
        assertEquals(
            expected(context, context.length, step, counts, 3),
            f.history.next(context, step, 3, false),
            "top 3 of '" + text + "' at " + step);
      }
    }
  }

  @Test
  void theEndOfADocumentIsANextToken() {
    int endOfText = f.corpus.specials()[0];
    boolean seen = false;
    for (String text : new String[] {"\n", ".", ")"}) {
      List<NextRow> rows = f.history.next(f.scan.encode(text), 41, 0, false);
      seen |=
          rows.stream().anyMatch(r -> r.token() == endOfText && r.text().equals("<|endoftext|>"));
    }
    assertTrue(seen, "some document of the docs ends with a line end, a period or a parenthesis");
  }

  @Test
  void backOffUsesTheLongestSuffixTheDataHadFollowed() {
    int[] unseen = concat(f.scan.encode(" zzqx"), f.scan.encode(" the"));
    for (long step : new long[] {0, 1, 5, 41}) {
      for (int[] context :
          new int[][] {unseen, f.scan.encode(" of the"), f.scan.encode(" stepindex")}) {
        int n = context.length;
        TreeMap<Integer, Long> counts = f.scan.next(context, f.scan.end(step));
        while (counts.isEmpty() && n > 1) {
          n--;
          counts =
              f.scan.next(
                  Arrays.copyOfRange(context, context.length - n, context.length),
                  f.scan.end(step));
        }
        List<NextRow> expected =
            counts.isEmpty() ? List.of() : expected(context, n, step, counts, 5);
        assertEquals(
            expected,
            f.history.next(context, step, 5, true),
            Arrays.toString(context) + " at " + step);
      }
    }
    List<NextRow> rows = f.history.next(unseen, 41, 1, true);
    assertEquals(f.scan.encode(" the").length, rows.getFirst().n(), "backed off to ' the'");
    assertEquals(
        List.of(),
        f.history.next(unseen, 41, 1, false),
        "without back-off an unseen context has none");
  }

  @Test
  void badInputIsOneLine() {
    int endOfText = f.corpus.specials()[0];
    assertMessage("empty context", () -> f.history.next(new int[0], 41, 10, false));
    assertMessage(
        "is not in the tokenizer's vocabulary",
        () -> f.history.next(new int[] {1 << 20}, 41, 10, false));
    assertMessage(
        "a context never spans a document boundary",
        () -> f.history.next(new int[] {endOfText, 5}, 41, 10, false));
    assertMessage("--top must be >= 0", () -> f.history.next(f.scan.encode(" the"), 41, -1, false));
    assertMessage(
        "step 42 is beyond the data", () -> f.history.next(f.scan.encode(" the"), 42, 1, false));
  }

  private static int[] concat(int[] a, int[] b) {
    int[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
    StepIndexException e = assertThrows(StepIndexException.class, call);
    assertTrue(e.getMessage().contains(part), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }
}
