package org.stepindex.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stepindex.indexer.base.StepIndexException;

/** TriviaQA prompts byte for byte, shot drawing and exact-match scoring. */
class TriviaQaTaskTest {
  static final TriviaQuestion MARS =
      new TriviaQuestion(
          "tc_1",
          "Which planet is known as the Red Planet?",
          "Mars",
          List.of("Red Planet", "Mars"),
          List.of("red planet", "mars"));
  static final TriviaQuestion LEWIS =
      new TriviaQuestion(
          "tc_2",
          "Who wrote Babbitt?",
          "Sinclair Lewis",
          List.of("Harry Sinclair Lewis", "Sinclair Lewis"),
          List.of());
  static final TriviaQuestion PARIS =
      new TriviaQuestion("tc_3", "What is the capital of France", "Paris", List.of(), List.of());

  private static TriviaQaOptions options(TriviaTemplate template, int k) {
    return new TriviaQaOptions(List.of(k), template, 1234L, 16, 0);
  }

  @Test
  void zeroShotPythia() {
    var task = new TriviaQaTask(List.of(MARS), null, options(TriviaTemplate.PYTHIA, 0));
    assertEquals("Q:Which planet is known as the Red Planet? A:", task.items().getFirst().prompt());
    assertEquals(List.of("\n"), task.stopStrings());
  }

  @Test
  void zeroShotLmEvalAddsTheQuestionMarkEvenAfterOne() {
    var task = new TriviaQaTask(List.of(MARS, PARIS), null, options(TriviaTemplate.LM_EVAL, 0));
    assertEquals(
        "Question: Which planet is known as the Red Planet??\nAnswer:",
        task.items().get(0).prompt());
    assertEquals("Question: What is the capital of France?\nAnswer:", task.items().get(1).prompt());
    assertEquals(List.of("\n", ".", ","), task.stopStrings());
  }

  // A shot pool of exactly two other questions: k = 2 uses both; the seed fixes the order.
  @Test
  void twoShotPythiaShowsTheValue() {
    var task =
        new TriviaQaTask(List.of(PARIS), List.of(MARS, LEWIS), options(TriviaTemplate.PYTHIA, 2));
    assertEquals(
        "Q:Which planet is known as the Red Planet? A: Mars\n\n"
            + "Q:Who wrote Babbitt? A: Sinclair Lewis\n\n"
            + "Q:What is the capital of France A:",
        task.items().getFirst().prompt());
  }

  @Test
  void twoShotLmEvalShowsTheFirstAlias() {
    var task =
        new TriviaQaTask(List.of(PARIS), List.of(MARS, LEWIS), options(TriviaTemplate.LM_EVAL, 2));
    assertEquals(
        "Question: Which planet is known as the Red Planet??\nAnswer: Red Planet\n\n"
            + "Question: Who wrote Babbitt??\nAnswer: Harry Sinclair Lewis\n\n"
            + "Question: What is the capital of France?\nAnswer:",
        task.items().getFirst().prompt());
  }

  @Test
  void aQuestionIsNeverItsOwnShot() {
    List<TriviaQuestion> qs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      qs.add(
          new TriviaQuestion("q" + i, "Question number " + i, "answer" + i, List.of(), List.of()));
    }
    // k = 11 from the same file: every other question, never the asked one.
    var task = new TriviaQaTask(qs, null, options(TriviaTemplate.PYTHIA, 11));
    for (TriviaItem item : task.items()) {
      String self = "Q:" + item.question().question() + " A:";
      assertTrue(item.prompt().endsWith("\n\n" + self));
      assertEquals(1, item.prompt().split(self, -1).length - 1, item.prompt());
      for (TriviaQuestion other : qs) {
        if (other != item.question()) {
          assertTrue(
              item.prompt().contains("Q:" + other.question() + " A: " + other.value() + "\n\n"));
        }
      }
    }
    // A separate shot file that holds the asked question (same id) excludes it too.
    var withSelf = new TriviaQaTask(List.of(qs.get(3)), qs, options(TriviaTemplate.PYTHIA, 11));
    assertFalse(withSelf.items().getFirst().prompt().contains("A: answer3"));
    StepIndexException e =
        assertThrows(
            StepIndexException.class,
            () -> new TriviaQaTask(qs, null, options(TriviaTemplate.PYTHIA, 12)));
    assertEquals(
        "bad shot count 12: the shot questions hold only 11 other than question q0",
        e.getMessage());
  }

  @Test
  void shotsReproducibleBySeedAndNestedAcrossK() {
    List<TriviaQuestion> qs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      qs.add(
          new TriviaQuestion("q" + i, "Question number " + i, "answer" + i, List.of(), List.of()));
    }
    var a =
        new TriviaQaTask(
            qs, null, new TriviaQaOptions(List.of(2, 4), TriviaTemplate.PYTHIA, 9L, 16, 5));
    var b =
        new TriviaQaTask(
            qs, null, new TriviaQaOptions(List.of(2, 4), TriviaTemplate.PYTHIA, 9L, 16, 5));
    var c =
        new TriviaQaTask(
            qs, null, new TriviaQaOptions(List.of(2, 4), TriviaTemplate.PYTHIA, 10L, 16, 5));
    assertEquals(10, a.items().size(), "limit 5 questions x 2 shot counts");
    assertEquals(a.items(), b.items());
    assertNotEquals(a.items(), c.items());
    for (int i = 0; i < 5; i++) {
      String two = a.items().get(i).prompt();
      String four = a.items().get(5 + i).prompt();
      String twoShots = two.substring(0, two.lastIndexOf("Q:"));
      assertTrue(four.startsWith(twoShots), "the 2 shots are the first of the 4");
    }
  }

  @Test
  void pythiaScoresAsTheStudyAgainstThePrunedAliasesOnly() {
    TriviaItem mars =
        new TriviaQaTask(List.of(MARS), null, options(TriviaTemplate.PYTHIA, 0)).items().getFirst();
    assertTrue(mars.correct(" Mars"));
    assertTrue(mars.correct("the red planet."));
    assertTrue(mars.correct("MARS!"));
    assertFalse(mars.correct(" Mars, the fourth planet"));
    assertFalse(mars.correct(""));
    assertFalse(mars.correct("Venus"));
    var paris =
        new TriviaQuestion(
            "p", "Capital of France?", "Paris", List.of("Paris, France", "Paris"), List.of());
    TriviaItem item =
        new TriviaQaTask(List.of(paris), null, options(TriviaTemplate.PYTHIA, 0))
            .items()
            .getFirst();
    assertFalse(
        item.correct(" Paris, France"),
        "_remove_prefixes dropped the alias that starts with 'Paris'");
    assertTrue(item.correct(" Paris"));
    // only the aliases count: the value and the normalized aliases are not matched
    var value =
        new TriviaQuestion("v", "q?", "Value only", List.of("Alias"), List.of("normalized form"));
    TriviaItem v =
        new TriviaQaTask(List.of(value), null, options(TriviaTemplate.PYTHIA, 0))
            .items()
            .getFirst();
    assertFalse(v.correct("Value only"));
    assertFalse(v.correct("normalized form"));
    assertTrue(v.correct("alias"));
    // lm-eval's template keeps matching any accepted answer
    TriviaItem lm =
        new TriviaQaTask(List.of(paris), null, options(TriviaTemplate.LM_EVAL, 0))
            .items()
            .getFirst();
    assertTrue(lm.correct(" Paris, France"));
  }

  @Test
  void removePrefixesSortsByCodePointAndDropsExtensionsOfTheLastKept() {
    assertEquals(
        List.of("Paris", "paris"),
        TriviaTemplate.removePrefixes(List.of("paris", "Paris, France", "Paris")));
    // "ab" extends "a"; "abc" extends "a" too (the last kept), "b" does not
    assertEquals(List.of("a", "b"), TriviaTemplate.removePrefixes(List.of("abc", "b", "ab", "a")));
    // Python sorts by code point: U+1F600 (a surrogate pair in Java) after U+FB01, unlike
    // String.compareTo
    assertEquals(
        List.of("\ufb01", "\ud83d\ude00"),
        TriviaTemplate.removePrefixes(List.of("\ud83d\ude00", "\ufb01")));
  }

  /**
   * The harness's draws (v0.3, a task with training documents): rebuilt here from the rule with the
   * test's own loop over {@link CPythonRandom}, and against Python when python3 is installed.
   */
  @Test
  void studyShotsAreTheHarnessesDraws(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    List<TriviaQuestion> train = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      train.add(
          new TriviaQuestion(
              "t" + i, "Train question " + i + "?", "answer " + i, List.of("a" + i), List.of()));
    }
    List<TriviaQuestion> validation = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      validation.add(
          new TriviaQuestion(
              "v" + i, "Dev question " + i + "?", "dev " + i, List.of("d" + i), List.of()));
    }
    List<TriviaQuestion> evaluated = new ArrayList<>(train);
    evaluated.addAll(validation);
    var task =
        new TriviaQaTask(
            evaluated,
            train,
            new TriviaQaOptions(List.of(4, 0), TriviaTemplate.PYTHIA, null, 16, 0));
    assertEquals(2 * 37, task.items().size());
    CPythonRandom rnd = new CPythonRandom(42);
    List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, 37).boxed().toList());
    rnd.shuffle(order);
    java.util.Map<String, String> expected = new java.util.HashMap<>();
    for (int i : order) {
      StringBuilder prompt = new StringBuilder();
      for (TriviaQuestion shot : rnd.sample(train, 4)) {
        prompt
            .append("Q:")
            .append(shot.question())
            .append(" A: ")
            .append(shot.value())
            .append("\n\n");
      }
      expected.put(
          evaluated.get(i).id(),
          prompt.append("Q:").append(evaluated.get(i).question()).append(" A:").toString());
    }
    List<String> ids = new ArrayList<>();
    for (TriviaItem item : task.items()) {
      if (item.k() == 4) {
        assertEquals(expected.get(item.question().id()), item.prompt(), item.question().id());
        ids.add(item.question().id());
      } else {
        assertEquals("Q:" + item.question().question() + " A:", item.prompt());
      }
    }
    assertEquals(evaluated.stream().map(TriviaQuestion::id).toList(), ids, "items in file order");
    // a limit keeps the first questions of the shuffled order, as the harness's islice
    var limited =
        new TriviaQaTask(
            evaluated, train, new TriviaQaOptions(List.of(4), TriviaTemplate.PYTHIA, null, 16, 5));
    assertEquals(
        order.subList(0, 5).stream().map(i -> evaluated.get(i).id()).sorted().toList(),
        limited.items().stream().map(i -> i.question().id()).sorted().toList());

    String program =
        """
        import random
        train = [{'question': 'Train question %d?' % i, 'value': 'answer %d' % i} for i in range(30)]
        dev = [{'question': 'Dev question %d?' % i, 'value': 'dev %d' % i} for i in range(7)]
        docs = list(train + dev)
        rnd = random.Random()
        rnd.seed(42)
        rnd.shuffle(docs)
        for doc in docs:
            shots = rnd.sample(train, 4)
            ctx = '\\n\\n'.join('Q:{} A:'.format(d['question']) + ' ' + d['value'] for d in shots) + '\\n\\n'
            print(repr(ctx + 'Q:{} A:'.format(doc['question'])))
        """;
    List<String> python = List.of(CPythonRandomTest.python(dir, program).strip().split("\n"));
    List<String> java = new ArrayList<>();
    for (int i : order) {
      java.add("'" + expected.get(evaluated.get(i).id()).replace("\n", "\\n") + "'");
    }
    assertEquals(python, java);
  }
}
