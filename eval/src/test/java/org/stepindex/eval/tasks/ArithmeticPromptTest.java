package org.stepindex.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.Json;

/**
 * Arithmetic prompts, byte for byte: against hand-written strings for both templates, against the
 * harness's rule rebuilt in the test, and against Python building the study's prompts when python3
 * is installed.
 */
class ArithmeticPromptTest {

  private static ArithmeticTask task(
      ArithmeticTemplate template, Operation op, IntRange x1, IntRange x2, int k) {
    return new ArithmeticTask(
        new ArithmeticOptions(List.of(op), x1, x2, List.of(k), template, 1234L, 16));
  }

  private static ArithmeticItem find(ArithmeticTask task, int x1, int x2) {
    return task.items().stream()
        .filter(i -> i.x1() == x1 && i.x2() == x2)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void zeroShotPythia() {
    ArithmeticItem item =
        find(
            task(
                ArithmeticTemplate.PYTHIA,
                Operation.PLUS,
                new IntRange(0, 99),
                new IntRange(1, 50),
                0),
            12,
            7);
    assertEquals("Q:What is 12 plus 7? A:", item.prompt());
    assertEquals("19", item.target());
    assertEquals(0, item.k());
  }

  @Test
  void zeroShotRazeghi() {
    ArithmeticItem item =
        find(
            task(
                ArithmeticTemplate.RAZEGHI,
                Operation.TIMES,
                new IntRange(0, 99),
                new IntRange(1, 50),
                0),
            12,
            7);
    assertEquals("Q: What is 12 times 7?\nA:", item.prompt());
    assertEquals("84", item.target());
  }

  @Test
  void minusTargetsMayBeNegative() {
    ArithmeticItem item =
        find(
            task(
                ArithmeticTemplate.PYTHIA,
                Operation.MINUS,
                new IntRange(0, 9),
                new IntRange(1, 50),
                0),
            3,
            8);
    assertEquals("Q:What is 3 minus 8? A:", item.prompt());
    assertEquals("-5", item.target());
  }

  // With x1 in 3..5, x2 = 7 and a seed, the only shots for x1 = 3 are 4 x 7 and 5 x 7; the seed
  // fixes their order.
  @Test
  void twoShotPythia() {
    ArithmeticItem item =
        find(
            task(
                ArithmeticTemplate.PYTHIA,
                Operation.TIMES,
                new IntRange(3, 5),
                new IntRange(7, 7),
                2),
            3,
            7);
    assertEquals(
        "Q:What is 4 times 7? A:28\n\nQ:What is 5 times 7? A:35\n\nQ:What is 3 times 7? A:",
        item.prompt());
    assertEquals("21", item.target());
  }

  @Test
  void twoShotRazeghi() {
    ArithmeticItem item =
        find(
            task(
                ArithmeticTemplate.RAZEGHI,
                Operation.PLUS,
                new IntRange(3, 5),
                new IntRange(7, 7),
                2),
            4,
            7);
    assertEquals(
        "Q: What is 3 plus 7?\nA: 10\n\nQ: What is 5 plus 7?\nA: 12\n\nQ: What is 4 plus 7?\nA:",
        item.prompt());
  }

  @Test
  void fewShotJoinFollowsLmEvalV03() {
    var shots =
        List.of(
            new FewShotPrompt.Shot("Q:What is 3 plus 5? A:", "8"),
            new FewShotPrompt.Shot("Q:What is 40 plus 2? A:", "42"));
    assertEquals(
        "Q:What is 3 plus 5? A:8\n\nQ:What is 40 plus 2? A:42\n\nQ:What is 12 plus 7? A:",
        FewShotPrompt.build(shots, "Q:What is 12 plus 7? A:"));
    assertEquals(
        "Q: What is 12 plus 7?\nA:", FewShotPrompt.build(List.of(), "Q: What is 12 plus 7?\nA:"));
  }

  @Test
  void theStudysOtherTasksAreWordedAsItsTaskFile() {
    ArithmeticItem infer = find(studyTask(Operation.INFER_TIMES, new IntRange(12, 12), 0), 12, 7);
    assertEquals("Q:What is 12 # 7? A:", infer.prompt());
    assertEquals("84", infer.target());
    assertEquals(
        "19", find(studyTask(Operation.INFER_PLUS, new IntRange(12, 12), 0), 12, 7).target());
    String[][] conversions = {
      {"min-sec", "minutes in seconds", "720"}, {"hour-min", "hours in minutes", "720"},
      {"day-hour", "days in hours", "288"}, {"week-day", "weeks in days", "84"},
      {"month-week", "months in weeks", "48"}, {"year-month", "years in months", "144"},
      {"decade-year", "decades in years", "120"}
    };
    for (String[] c : conversions) {
      ArithmeticTask task = studyTask(Operation.parse(c[0]), new IntRange(12, 12), 0);
      assertEquals(
          Operation.TIME_UNIT_COPIES,
          task.items().size(),
          "the dataset's ten copies of the question");
      for (ArithmeticItem item : task.items()) {
        assertEquals("Q:What is 12 " + c[1] + "? A:", item.prompt());
        assertEquals(c[2], item.target());
      }
    }
    assertEquals("minute", Operation.MINUTES_SECONDS.unit());
    assertEquals("decade", Operation.DECADES_YEARS.unit());
  }

  private static ArithmeticTask studyTask(Operation op, IntRange x1, int k) {
    return new ArithmeticTask(
        new ArithmeticOptions(
            List.of(op), x1, new IntRange(1, 50), List.of(k), ArithmeticTemplate.PYTHIA, null, 16));
  }

  /**
   * The study's shots for one x1, rebuilt here from the harness's rule with this test's own loops
   * over {@link CPythonRandom} (itself pinned by {@link CPythonRandomTest}): shuffle x2 = 1..50,
   * then for each in the shuffled order sample k + 1 of the pool (x1' ≠ x1 in 0..99 major, x2' in
   * 1..50 minor), drop the asked doc, keep k.
   */
  @Test
  void studyShotsAreTheHarnessesDrawsFromEveryOtherX1() {
    int x1 = 0;
    int k = 4;
    ArithmeticTask task = studyTask(Operation.PLUS, new IntRange(x1, x1), k);
    CPythonRandom rnd = new CPythonRandom(42);
    List<Integer> x2s = new java.util.ArrayList<>();
    for (int x2 = 1; x2 <= 50; x2++) {
      x2s.add(x2);
    }
    rnd.shuffle(x2s);
    List<int[]> pool = new java.util.ArrayList<>();
    for (int a = 0; a < 100; a++) {
      for (int b = 1; a != x1 && b <= 50; b++) {
        pool.add(new int[] {a, b});
      }
    }
    for (int x2 : x2s) {
      StringBuilder expected = new StringBuilder();
      int taken = 0;
      for (int[] shot : rnd.sample(pool, k + 1)) {
        if (taken < k) {
          expected
              .append("Q:What is ")
              .append(shot[0])
              .append(" plus ")
              .append(shot[1])
              .append("? A:")
              .append(shot[0] + shot[1])
              .append("\n\n");
          taken++;
        }
      }
      expected.append("Q:What is 0 plus ").append(x2).append("? A:");
      assertEquals(expected.toString(), find(task, x1, x2).prompt(), "x2 = " + x2);
    }
    // --x1 0-0 --shots 16 works: the pool is every other x1, not the evaluated range
    assertEquals(50, studyTask(Operation.TIMES, new IntRange(0, 0), 16).items().size());
    // an evaluated x2 subset keeps the study's prompts for those x2
    var subset =
        new ArithmeticTask(
            new ArithmeticOptions(
                List.of(Operation.PLUS),
                new IntRange(0, 0),
                new IntRange(7, 9),
                List.of(k),
                ArithmeticTemplate.PYTHIA,
                null,
                16));
    for (ArithmeticItem item : subset.items()) {
      assertEquals(find(task, 0, item.x2()).prompt(), item.prompt());
    }
  }

  /**
   * The study's prompts as Python builds them: the harness's v0.3 rule written out in Python with
   * CPython's own {@code random}, the task's text and target as in its {@code task.py}, the
   * datasets as in its dataset scripts.
   */
  @Test
  void studyPromptsAreByteForByteWhatPythonBuilds(@TempDir Path dir) throws Exception {
    String program =
        """
        import json, random
        def task(op, x, k):
            if op in ('plus', 'times', 'infer-plus', 'infer-times'):
                word = '#' if op.startswith('infer') else op
                f = (lambda a, b: a + b) if op.endswith('plus') else (lambda a, b: a * b)
                test = [{'x1': x, 'x2': x2} for x2 in range(1, 51)]
                val = [{'x1': a, 'x2': b} for a in list(range(0, x)) + list(range(x + 1, 100)) for b in range(1, 51)]
                text = lambda d: 'Q:What is {} {} {}? A:'.format(d['x1'], word, d['x2'])
                target = lambda d: str(f(d['x1'], d['x2']))
            else:
                test = [{'x': x} for _ in range(10)]
                val = [{'x': a} for a in list(range(0, x)) + list(range(x + 1, 100))]
                text = lambda d: 'Q:What is {} minutes in seconds? A:'.format(d['x'])
                target = lambda d: str(d['x'] * 60)
            rnd = random.Random()
            rnd.seed(42)
            docs = list(test)
            rnd.shuffle(docs)
            out = []
            for doc in docs:
                labeled = ''
                if k > 0:
                    shots = [d for d in rnd.sample(val, k + 1) if d != doc][:k]
                    labeled = '\\n\\n'.join(text(d) + target(d) for d in shots) + '\\n\\n'
                out.append([doc.get('x2', 0), labeled + text(doc)])
            return out
        print(json.dumps([task('plus', 0, 16), task('times', 37, 4), task('infer-times', 99, 2),
                          task('min-sec', 5, 8), task('min-sec', 98, 16)]))
        """;
    JsonNode python = Json.mapper().readTree(CPythonRandomTest.python(dir, program));
    Object[][] cases = {
      {Operation.PLUS, 0, 16},
      {Operation.TIMES, 37, 4},
      {Operation.INFER_TIMES, 99, 2},
      {Operation.MINUTES_SECONDS, 5, 8},
      {Operation.MINUTES_SECONDS, 98, 16}
    };
    for (int c = 0; c < cases.length; c++) {
      Operation op = (Operation) cases[c][0];
      int x = (Integer) cases[c][1];
      ArithmeticTask task = studyTask(op, new IntRange(x, x), (Integer) cases[c][2]);
      List<String> expected = new java.util.ArrayList<>();
      List<String> actual = new java.util.ArrayList<>();
      for (JsonNode row : python.get(c)) {
        // binary tasks: keyed by x2; a conversion's ten copies are identical docs, so compare them
        // as a multiset
        expected.add((op.binary() ? row.get(0).asInt() + " " : "") + row.get(1).asText());
      }
      for (ArithmeticItem item : task.items()) {
        actual.add((op.binary() ? item.x2() + " " : "") + item.prompt());
      }
      expected.sort(null);
      actual.sort(null);
      assertEquals(expected, actual, op.word() + " x1 = " + x);
    }
  }

  @Test
  void itemsAreOrderedByKThenOperationThenX1ThenX2() {
    var task =
        new ArithmeticTask(
            new ArithmeticOptions(
                List.of(Operation.TIMES, Operation.PLUS),
                new IntRange(0, 1),
                new IntRange(1, 2),
                List.of(2, 0),
                ArithmeticTemplate.PYTHIA,
                1L,
                16));
    List<String> order =
        task.items().stream().map(i -> i.k() + i.op() + i.x1() + "," + i.x2()).toList();
    assertEquals(
        List.of(
            "2times0,1",
            "2times0,2",
            "2times1,1",
            "2times1,2",
            "2plus0,1",
            "2plus0,2",
            "2plus1,1",
            "2plus1,2",
            "0times0,1",
            "0times0,2",
            "0times1,1",
            "0times1,2",
            "0plus0,1",
            "0plus0,2",
            "0plus1,1",
            "0plus1,2"),
        order);
  }
}
