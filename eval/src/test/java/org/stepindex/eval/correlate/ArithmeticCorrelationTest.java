package org.stepindex.eval.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.Csv;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.query.FrequencyIndex;

/**
 * The arithmetic join on hand-written eval JSONL and a real index: accuracy per operand as worked
 * out by hand, the frequency of each operand at each checkpoint against a scan of the generated
 * sequences, in every view and both measures, and the statistics and files that follow.
 */
class ArithmeticCorrelationTest {
  @TempDir static Path tmp;
  static TestCorpus corpus;
  static FrequencyIndex index;
  static List<EvalInstances.Arithmetic> instances;

  @BeforeAll
  static void setUp() throws Exception {
    corpus = new TestCorpus(tmp.resolve("corpus"));
    index = FrequencyIndex.open(corpus.index);
    Path evalDir = Path.of(ArithmeticCorrelationTest.class.getResource("/correlate/eval").toURI());
    instances = EvalInstances.arithmetic(EvalInstances.files(evalDir, EvalInstances.ARITHMETIC));
  }

  @AfterAll
  static void tearDown() {
    index.close();
  }

  @Test
  void instancesAreReadWithStepsFromRecordOrFileName() {
    assertEquals(16, instances.size());
    assertEquals(12, instances.stream().filter(a -> a.step() == 8).count());
    assertEquals(
        4, instances.stream().filter(a -> a.step() == 21).count(), "step null: taken from -step21");
    assertTrue(
        instances.stream().allMatch(a -> a.model().equals("tiny")), "model label without the step");
  }

  @Test
  void accuracyPerOperandIsOverAllSecondOperands() {
    ArithmeticCorrelation.Result result =
        ArithmeticCorrelation.run(index, instances, ArithmeticCorrelation.Options.defaults());
    // model, step, k, op, x1 → accuracy, n; worked out from the JSONL files by hand.
    Object[][] expected = {
      {8L, 0, 3L, 1.0, 2}, {8L, 0, 7L, 0.5, 2}, {8L, 0, 12L, 0.0, 2},
      {8L, 2, 3L, 1.0, 2}, {8L, 2, 7L, 1.0, 2}, {8L, 2, 12L, 1.0, 2},
      {21L, 0, 3L, 1.0, 1}, {21L, 0, 7L, 0.0, 1}, {21L, 0, 12L, 0.5, 2},
    };
    assertEquals(expected.length, result.items().size());
    for (int i = 0; i < expected.length; i++) {
      ArithmeticCorrelation.Item item = result.items().get(i);
      assertEquals("tiny", item.model());
      assertEquals("plus", item.op());
      assertEquals(expected[i][0], item.step());
      assertEquals(expected[i][1], item.k());
      assertEquals(expected[i][2], item.x1());
      assertEquals((double) expected[i][3], item.accuracy(), 1e-12);
      assertEquals(expected[i][4], item.n());
    }
  }

  @Test
  void frequenciesMatchAScanInEveryViewAndMeasure() {
    for (String view : List.of("pythia-numbers", "text", "tokens")) {
      for (Measure measure : Measure.values()) {
        ArithmeticCorrelation.Result result =
            ArithmeticCorrelation.run(
                index, instances, new ArithmeticCorrelation.Options(view, measure, null));
        for (ArithmeticCorrelation.Item item : result.items()) {
          String x1 = Long.toString(item.x1());
          // Every token of the corpus is " word", so the token n-gram of " x1" is one token,
          // counted like the word.
          long[] truth =
              view.equals("pythia-numbers")
                  ? corpus.pythiaNumber(x1, item.step())
                  : corpus.word(x1, item.step());
          long expected = measure == Measure.OCCURRENCES ? truth[1] : truth[0];
          assertEquals(
              expected,
              item.frequency(),
              view + " " + measure + " of " + x1 + " at step " + item.step());
        }
        assertTrue(
            result.items().stream().anyMatch(i -> i.frequency() > 0),
            "the corpus has the operands");
      }
    }
  }

  @Test
  void statisticsFollowFromTheJoinedRows() {
    ArithmeticCorrelation.Result result =
        ArithmeticCorrelation.run(index, instances, ArithmeticCorrelation.Options.defaults());
    assertEquals(3, result.summaries().size());
    for (ArithmeticCorrelation.Summary s : result.summaries()) {
      List<ArithmeticCorrelation.Item> items =
          result.items().stream().filter(i -> i.step() == s.step() && i.k() == s.k()).toList();
      double[] f = new double[items.size()];
      double[] acc = new double[items.size()];
      for (int i = 0; i < items.size(); i++) {
        f[i] = corpus.pythiaNumber(Long.toString(items.get(i).x1()), s.step())[1];
        acc[i] = items.get(i).accuracy();
      }
      assertEquals(3, s.operands());
      assertEquals(Spearman.rho(f, acc), s.spearman(), 1e-12);
      // Three operands: m = 1, Δ = accuracy of the most frequent − of the least frequent (ties:
      // larger x1 is "more").
      int most = 0;
      int least = 0;
      for (int i = 1; i < items.size(); i++) {
        most = f[i] >= f[most] ? i : most;
        least = f[i] < f[least] ? i : least;
      }
      assertEquals((acc[most] - acc[least]) * 100, s.delta(), 1e-9);
    }
    ArithmeticCorrelation.Summary constant = result.summaries().get(1);
    assertEquals(2, constant.k());
    assertTrue(Double.isNaN(constant.spearman()), "accuracy 1.0 for every operand: ρ undefined");
    assertEquals(0.0, constant.delta(), 1e-12);
  }

  @Test
  void writesAllFilesAtomicallyWithUndefinedAsEmptyOrNull() throws Exception {
    ArithmeticCorrelation.Options options = ArithmeticCorrelation.Options.defaults();
    ArithmeticCorrelation.Result result = ArithmeticCorrelation.run(index, instances, options);
    Path out = tmp.resolve("out");
    List<Path> files = ArithmeticCorrelation.write(result, options, out);
    assertEquals(4, files.size());
    try (Stream<Path> left = Files.list(out)) {
      assertEquals(4, left.count(), "no temporary directory left behind");
    }
    Csv.Table items = Csv.read(out.resolve(ArithmeticCorrelation.ITEMS_FILE));
    assertEquals(ArithmeticCorrelation.ITEM_COLUMNS, items.header());
    assertEquals(ArithmeticCorrelation.itemTable(result.items()), items);
    Map<String, String> k2 =
        Csv.read(out.resolve(ArithmeticCorrelation.SUMMARY_CSV)).records().get(1);
    assertEquals("", k2.get("spearman"));
    assertEquals("0", k2.get("delta"));
    JsonNode json =
        Json.mapper().readTree(out.resolve(ArithmeticCorrelation.SUMMARY_JSON).toFile());
    assertEquals("occurrences", json.get("measure").asText());
    assertTrue(json.get("groups").get(1).get("spearman").isNull());
    assertEquals(
        result.summaries().get(0).spearman(),
        json.get("groups").get(0).get("spearman").asDouble(),
        1e-12);
  }

  @Test
  void termTimelinesMatchAScan() {
    long[] steps = {0, 1, 8, 13, 32};
    List<TermTimelines.Point> points =
        TermTimelines.count(index, List.of(new TermTimelines.Term("text", "obama")), steps);
    assertEquals(steps.length, points.size());
    for (TermTimelines.Point p : points) {
      long[] truth = corpus.word("obama", p.step());
      assertEquals(truth[0], p.count().sequences(), "sequences at " + p.step());
      assertEquals(truth[1], p.count().occurrences(), "occurrences at " + p.step());
    }
    assertTrue(points.getLast().count().occurrences() > 0);
    Csv.Table table = Csv.read(TermTimelines.write(points, tmp.resolve("timelines")));
    assertEquals(TermTimelines.table(points), table);
  }

  @Test
  void userErrorsAreOneLine() {
    List<EvalInstances.Arithmetic> beyond =
        List.of(new EvalInstances.Arithmetic("tiny", 99, "plus", 0, 3, 1, true));
    StepIndexException e =
        assertThrows(
            StepIndexException.class,
            () ->
                ArithmeticCorrelation.run(index, beyond, ArithmeticCorrelation.Options.defaults()));
    assertTrue(
        e.getMessage().contains("beyond the data") && !e.getMessage().contains("\n"),
        e.getMessage());
    assertThrows(
        StepIndexException.class, () -> EvalInstances.files(tmp.resolve("nothing"), "arithmetic"));
  }
}
