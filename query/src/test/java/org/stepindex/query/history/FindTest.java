package org.stepindex.query.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.views.PythiaNumbers;
import org.stepindex.query.Count;
import org.stepindex.query.FrequencyIndex;

/**
 * {@code find} against the scan of the {@code .bin}, row for row (step, sequence, batch index, word
 * or token offset, the text around the match): words, phrases with overlapping matches, a boolean
 * query, token n-grams, entities and the Pythia study's numbers, over ranges that start and end
 * inside shards, on shard edges and in the trailing partial batch; paging with cursors gives the
 * same rows as one page; the rows of a query are as many as {@code count} counts; bad input is one
 * line.
 */
class FindTest {
  private static final long[][] RANGES = {
    {0, 41}, {0, 1}, {3, 20}, {13, 16}, {16, 32}, {37, 41}, {40, 41}, {5, 6}
  };

  private static Fixture f;

  @BeforeAll
  static void open() {
    f = Fixture.get();
  }

  private static List<FindRow> find(
      String query, String view, long from, long to, int limit, String after, int context) {
    List<FindRow> rows = new ArrayList<>();
    f.history.find(query, view, from, to, limit, after, context, rows::add);
    return rows;
  }

  /**
   * The rows of every page, each page of {@code page} rows continuing after the last row of the one
   * before.
   */
  private static List<FindRow> allPages(
      String query, String view, long from, long to, int page, int context) {
    List<FindRow> all = new ArrayList<>();
    String after = null;
    while (true) {
      List<FindRow> rows = find(query, view, from, to, page, after, context);
      all.addAll(rows);
      if (rows.size() < page) {
        return all;
      }
      after = rows.getLast().cursor();
    }
  }

  private static void assertRows(
      List<Scan.Hit> expected, List<FindRow> actual, String query, String view, String what) {
    assertEquals(expected.size(), actual.size(), "rows of " + what);
    for (int i = 0; i < expected.size(); i++) {
      Scan.Hit hit = expected.get(i);
      FindRow row = actual.get(i);
      String at = what + ", row " + i;
      assertEquals(query, row.query(), at);
      assertEquals(view, row.view(), at);
      assertEquals(hit.sequence(), row.sequence(), at);
      assertEquals(hit.sequence() / RealTextIndex.BATCH, row.step(), at);
      assertEquals(hit.sequence() % RealTextIndex.BATCH, row.batchIndex(), at);
      assertEquals(Integer.valueOf(hit.position()), row.position(), at);
      assertEquals(hit.text(), row.text(), at);
    }
  }

  @Test
  void wordsAndPhrasesAreTheScansMatchesInTrainingOrder() {
    String[][] phrases = {
      {"the"},
      {"index"},
      {"stepindex"},
      {"step", "s"},
      {"the", "index"},
      {"of", "the"},
      {"a", "b"},
      {"nothingsuchword"}
    };
    for (String[] phrase : phrases) {
      String query = phrase.length == 1 ? phrase[0] : "\"" + String.join(" ", phrase) + "\"";
      for (long[] r : RANGES) {
        for (int context : new int[] {0, 3}) {
          List<Scan.Hit> expected =
              f.scan.phrase(phrase, f.scan.end(r[0]), f.scan.end(r[1]), context);
          String what = query + " in " + r[0] + ":" + r[1] + " with context " + context;
          List<FindRow> rows =
              find(query, "text", r[0], r[1], History.MAX_FIND_LIMIT, null, context);
          assertRows(expected, rows, query, "text", what);
          Count count = f.index.countRange(f.index.compile("text", query), r[0], r[1]);
          assertEquals(count.occurrences(), rows.size(), "rows = occurrences counted, " + what);
          assertEquals(
              count.sequences(),
              rows.stream().mapToLong(FindRow::sequence).distinct().count(),
              what);
          assertTrue(
              r[0] > 0 || r[1] < 41 || phrase[0].equals("nothingsuchword") || !rows.isEmpty(),
              what);
        }
      }
    }
    assertTrue(
        f.scan.phrase(new String[] {"the"}, 0, RealTextIndex.SEQUENCES, 0).size() > 100,
        "the prose has a frequent word");
  }

  @Test
  void overlappingNgramMatchesAreEachARow() {
    int[] dashes = f.scan.encode("--");
    assertEquals(2, dashes.length, "two byte tokens");
    String query = dashes[0] + " " + dashes[1];
    List<Scan.Hit> expected = f.scan.ngram(dashes, 0, RealTextIndex.SEQUENCES, 1);
    assertRows(
        expected,
        find(query, "tokens", 0, 41, History.MAX_FIND_LIMIT, null, 1),
        query,
        "tokens",
        "--");
    boolean overlapping = false;
    for (int i = 1; i < expected.size(); i++) {
      overlapping |=
          expected.get(i).sequence() == expected.get(i - 1).sequence()
              && expected.get(i).position() == expected.get(i - 1).position() + 1;
    }
    assertTrue(overlapping, "the docs' tables have runs of dashes: '---' holds '--' twice");
  }

  @Test
  void aBooleanQueryListsEveryPositionOfEitherWordInSequencesHoldingBoth() {
    for (long[] r : RANGES) {
      List<Scan.Hit> expected = f.scan.both("index", "step", f.scan.end(r[0]), f.scan.end(r[1]), 2);
      List<FindRow> rows =
          find("+index +step", "text", r[0], r[1], History.MAX_FIND_LIMIT, null, 2);
      assertRows(expected, rows, "+index +step", "text", "+index +step in " + r[0] + ":" + r[1]);
      assertTrue(r[1] - r[0] < 41 || !rows.isEmpty(), "the docs speak of index and step together");
    }
  }

  @Test
  void tokenNgramsAreTokenOffsetsCountingSpecialTokens() {
    int[][] grams = {
      f.scan.encode(" the"),
      f.scan.encode(" the index"),
      f.scan.encode("."),
      f.scan.encode(" of the"),
      f.scan.encode(" step")
    };
    for (int[] gram : grams) {
      String query =
          Arrays.stream(gram).mapToObj(Integer::toString).collect(Collectors.joining(" "));
      for (long[] r : RANGES) {
        List<Scan.Hit> expected = f.scan.ngram(gram, f.scan.end(r[0]), f.scan.end(r[1]), 4);
        List<FindRow> rows = find(query, "tokens", r[0], r[1], History.MAX_FIND_LIMIT, null, 4);
        assertRows(expected, rows, query, "tokens", "tokens " + query + " in " + r[0] + ":" + r[1]);
        assertTrue(r[1] - r[0] < 41 || !rows.isEmpty(), query);
      }
    }
  }

  @Test
  void entitiesAreTheStartsOfAnyOfTheirNames() {
    List<String[]> index = List.of(new String[] {"the", "index"}, new String[] {"index"});
    List<String[]> lucene = List.of(new String[] {"lucene"}, new String[] {"apache", "lucene"});
    for (long[] r : RANGES) {
      assertRows(
          f.scan.entity(index, f.scan.end(r[0]), f.scan.end(r[1]), 2),
          find("Q3", "entities", r[0], r[1], History.MAX_FIND_LIMIT, null, 2),
          "Q3",
          "entities",
          "Q3 " + r[0]);
      assertRows(
          f.scan.entity(lucene, f.scan.end(r[0]), f.scan.end(r[1]), 0),
          find("Q2", "entities", r[0], r[1], History.MAX_FIND_LIMIT, null, 0),
          "Q2",
          "entities",
          "Q2 " + r[0]);
    }
    assertTrue(
        find("Q3", "entities", 0, 41, 10, null, 0).size() == 10, "the docs name the index often");
  }

  @Test
  void pythiaNumbersAreWindowsOfTheStudysLine() {
    long found = 0;
    for (String key : new String[] {"1", "2", "10", "1-2"}) {
      List<FindRow> rows = find(key, "pythia-numbers", 0, 41, History.MAX_FIND_LIMIT, null, 2);
      long[] expected = new long[(int) RealTextIndex.SEQUENCES];
      for (int s = 0; s < expected.length; s++) {
        String line = PythiaNumbers.line(f.scan.decoded.get(s));
        expected[s] = PythiaNumbers.terms(line).stream().filter(key::equals).count();
      }
      long[] actual = new long[expected.length];
      for (FindRow row : rows) {
        actual[(int) row.sequence()]++;
        String line = PythiaNumbers.line(f.scan.decoded.get((int) row.sequence()));
        assertTrue(line.startsWith(" ", row.position()), "a window starts with a space: " + row);
        assertTrue(
            row.text().contains(line.substring(row.position() + 1).split(" ")[0]), row.toString());
      }
      assertEquals(
          Arrays.toString(expected),
          Arrays.toString(actual),
          "occurrences of " + key + " per sequence");
      found += rows.size();
    }
    assertTrue(found > 0, "the docs hold numbers");
  }

  @Test
  void pagesWithCursorsAreTheRowsOfOnePage() {
    for (String query : new String[] {"the", "\"of the\"", "+index +step"}) {
      List<FindRow> whole = find(query, "text", 3, 41, History.MAX_FIND_LIMIT, null, 1);
      for (int page : new int[] {1, 7, 50}) {
        assertEquals(
            whole, allPages(query, "text", 3, 41, page, 1), query + " in pages of " + page);
      }
    }
    List<FindRow> first = find("the", "text", 0, 41, 5, null, 0);
    List<FindRow> later = find("the", "text", 20, 41, 3, first.getLast().cursor(), 0);
    assertEquals(
        f.scan
            .phrase(new String[] {"the"}, f.scan.end(20), f.scan.end(41), 0)
            .getFirst()
            .sequence(),
        later.getFirst().sequence(),
        "a cursor before the range starts at the range");
  }

  @Test
  void badInputIsOneLine() {
    String cursor = find("the", "text", 0, 41, 1, null, 0).getFirst().cursor();
    assertMessage("--limit must be 1 to 10000", () -> find("the", "text", 0, 41, 0, null, 0));
    assertMessage("--limit must be 1 to 10000", () -> find("the", "text", 0, 41, 10_001, null, 0));
    assertMessage("--context must be 0 to", () -> find("the", "text", 0, 41, 1, null, -1));
    assertMessage(
        "is a cursor of another index, view or query",
        () -> find("index", "text", 0, 41, 1, cursor, 0));
    assertMessage(
        "is a cursor of another index, view or query",
        () -> find("50", "tokens", 0, 41, 1, cursor, 0));
    assertMessage("is not a cursor", () -> find("the", "text", 0, 41, 1, "c1nonsense", 0));
    assertMessage("is not a cursor", () -> find("the", "text", 0, 41, 1, "xyz", 0));
    assertMessage("has no 'txt' view", () -> find("the", "txt", 0, 41, 1, null, 0));
    assertMessage("empty query", () -> find(" ", "text", 0, 41, 1, null, 0));
    assertMessage("step 42 is beyond the data", () -> find("the", "text", 0, 42, 1, null, 0));
    assertMessage("--from 5 is after --to 4", () -> find("the", "text", 5, 4, 1, null, 0));
  }

  @Test
  void otherDataOfTheSameSizeIsOneLineNotAWrongRow() throws Exception {
    java.nio.file.Path copy = f.corpus.root.resolve("other-data");
    java.nio.file.Files.createDirectories(copy);
    java.nio.file.Files.copy(
        java.nio.file.Path.of(f.corpus.data + ".idx"), copy.resolve("document.idx"));
    byte[] bin = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(f.corpus.data + ".bin"));
    byte[] shuffled = bin.clone();
    // Sequences 0 and 1 swapped: same sizes, same tokens, other text at each place.
    int bytes = RealTextIndex.LENGTH * 2;
    System.arraycopy(bin, 0, shuffled, bytes, bytes);
    System.arraycopy(bin, bytes, shuffled, 0, bytes);
    java.nio.file.Files.write(copy.resolve("document.bin"), shuffled);
    try (History other = new History(f.index, copy.resolve("document"), null)) {
      StepIndexException e =
          assertThrows(
              StepIndexException.class,
              () -> other.find("the", "text", 0, 1, 100, null, 0, row -> {}));
      assertTrue(e.getMessage().contains("does not hold what the index at"), e.getMessage());
    }
    try (History missing = new History(f.index, f.corpus.root.resolve("nowhere"), null)) {
      StepIndexException e =
          assertThrows(
              StepIndexException.class,
              () -> missing.find("the", "text", 0, 1, 1, null, 0, row -> {}));
      assertTrue(
          e.getMessage().startsWith("cannot read the training data of the index at"),
          e.getMessage());
      assertEquals(1, e.getMessage().lines().count());
    }
  }

  @Test
  void anIntervenedIndexIsReadAsItCountedTheData() throws Exception {
    java.nio.file.Path dir = f.corpus.root.resolve("index-replaced");
    org.stepindex.indexer.store.IndexBuilder.build(
        new org.stepindex.indexer.store.BuildOptions(
            f.corpus.data,
            f.corpus.tokenizer,
            dir,
            new org.stepindex.indexer.layout.StepLayout(RealTextIndex.BATCH, RealTextIndex.LENGTH),
            List.of("text", "tokens"),
            "pythia",
            0,
            -1,
            2,
            "replace-words:index=step@20"),
        new org.stepindex.indexer.store.BuildProgress());
    try (FrequencyIndex replaced = FrequencyIndex.open(dir);
        History history = new History(replaced, null, null)) {
      List<FindRow> rows = new ArrayList<>();
      history.find("step", "text", 20, 41, History.MAX_FIND_LIMIT, null, 0, rows::add);
      Count count = replaced.countRange(replaced.compile("text", "step"), 20, 41);
      assertEquals(
          count.occurrences(),
          rows.size(),
          "every replaced word is found where the index counted it");
      assertTrue(
          count.occurrences()
              > f.index.countRange(f.index.compile("text", "step"), 20, 41).occurrences(),
          "the replacement added occurrences of step");
      rows.forEach(
          row ->
              assertEquals("step", row.text().toLowerCase(java.util.Locale.ROOT), row.toString()));
      // Each " index" after " the" from step 20 on became " step": the two counts move, their sum
      // does not.
      int index = f.scan.encode(" index")[0];
      int step = f.scan.encode(" step")[0];
      long[] before = nextCounts(f.history.next(f.scan.encode(" the"), 41, 0, false), index, step);
      long[] after = nextCounts(history.next(f.scan.encode(" the"), 41, 0, false), index, step);
      assertEquals(before[0] + before[1], after[0] + after[1]);
      assertTrue(after[0] < before[0], "' the index' read as ' the step' from step 20 on");
    }
  }

  private static long[] nextCounts(List<NextRow> rows, int a, int b) {
    long[] counts = new long[2];
    for (NextRow row : rows) {
      counts[0] += row.token() == a ? row.count() : 0;
      counts[1] += row.token() == b ? row.count() : 0;
    }
    return counts;
  }

  private static void assertMessage(String start, org.junit.jupiter.api.function.Executable call) {
    StepIndexException e = assertThrows(StepIndexException.class, call);
    assertTrue(e.getMessage().contains(start), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }
}
