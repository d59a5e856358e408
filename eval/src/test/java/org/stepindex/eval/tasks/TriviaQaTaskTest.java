package org.stepindex.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stepindex.indexer.StepIndexException;

/** TriviaQA prompts byte for byte, shot drawing and exact-match scoring. */
class TriviaQaTaskTest {
  static final TriviaQuestion MARS = new TriviaQuestion("tc_1", "Which planet is known as the Red Planet?", "Mars",
      List.of("Red Planet", "Mars"), List.of("red planet", "mars"));
  static final TriviaQuestion LEWIS = new TriviaQuestion("tc_2", "Who wrote Babbitt?", "Sinclair Lewis",
      List.of("Harry Sinclair Lewis", "Sinclair Lewis"), List.of());
  static final TriviaQuestion PARIS = new TriviaQuestion("tc_3", "What is the capital of France", "Paris",
      List.of(), List.of());

  private static TriviaQaOptions options(TriviaTemplate template, int k) {
    return new TriviaQaOptions(List.of(k), template, 1234, 16, 0);
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
    assertEquals("Question: Which planet is known as the Red Planet??\nAnswer:", task.items().get(0).prompt());
    assertEquals("Question: What is the capital of France?\nAnswer:", task.items().get(1).prompt());
    assertEquals(List.of("\n", ".", ","), task.stopStrings());
  }

  // A shot pool of exactly two other questions: k = 2 uses both; the seed fixes the order.
  @Test
  void twoShotPythiaShowsTheValue() {
    var task = new TriviaQaTask(List.of(PARIS), List.of(MARS, LEWIS), options(TriviaTemplate.PYTHIA, 2));
    assertEquals("Q:Which planet is known as the Red Planet? A: Mars\n\n"
        + "Q:Who wrote Babbitt? A: Sinclair Lewis\n\n"
        + "Q:What is the capital of France A:", task.items().getFirst().prompt());
  }

  @Test
  void twoShotLmEvalShowsTheFirstAlias() {
    var task = new TriviaQaTask(List.of(PARIS), List.of(MARS, LEWIS), options(TriviaTemplate.LM_EVAL, 2));
    assertEquals("Question: Which planet is known as the Red Planet??\nAnswer: Red Planet\n\n"
        + "Question: Who wrote Babbitt??\nAnswer: Harry Sinclair Lewis\n\n"
        + "Question: What is the capital of France?\nAnswer:", task.items().getFirst().prompt());
  }

  @Test
  void aQuestionIsNeverItsOwnShot() {
    List<TriviaQuestion> qs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      qs.add(new TriviaQuestion("q" + i, "Question number " + i, "answer" + i, List.of(), List.of()));
    }
    // k = 11 from the same file: every other question, never the asked one.
    var task = new TriviaQaTask(qs, null, options(TriviaTemplate.PYTHIA, 11));
    for (TriviaItem item : task.items()) {
      String self = "Q:" + item.question().question() + " A:";
      assertTrue(item.prompt().endsWith("\n\n" + self));
      assertEquals(1, item.prompt().split(self, -1).length - 1, item.prompt());
      for (TriviaQuestion other : qs) {
        if (other != item.question()) {
          assertTrue(item.prompt().contains("Q:" + other.question() + " A: " + other.value() + "\n\n"));
        }
      }
    }
    // A separate shot file that holds the asked question (same id) excludes it too.
    var withSelf = new TriviaQaTask(List.of(qs.get(3)), qs, options(TriviaTemplate.PYTHIA, 11));
    assertFalse(withSelf.items().getFirst().prompt().contains("A: answer3"));
    StepIndexException e = assertThrows(StepIndexException.class,
        () -> new TriviaQaTask(qs, null, options(TriviaTemplate.PYTHIA, 12)));
    assertEquals("bad shot count 12: the shot questions hold only 11 other than question q0", e.getMessage());
  }

  @Test
  void shotsReproducibleBySeedAndNestedAcrossK() {
    List<TriviaQuestion> qs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      qs.add(new TriviaQuestion("q" + i, "Question number " + i, "answer" + i, List.of(), List.of()));
    }
    var a = new TriviaQaTask(qs, null, new TriviaQaOptions(List.of(2, 4), TriviaTemplate.PYTHIA, 9, 16, 5));
    var b = new TriviaQaTask(qs, null, new TriviaQaOptions(List.of(2, 4), TriviaTemplate.PYTHIA, 9, 16, 5));
    var c = new TriviaQaTask(qs, null, new TriviaQaOptions(List.of(2, 4), TriviaTemplate.PYTHIA, 10, 16, 5));
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
  void exactMatchAfterNormalizationAgainstAnyAnswer() {
    TriviaItem mars = new TriviaQaTask(List.of(MARS), null, options(TriviaTemplate.PYTHIA, 0)).items().getFirst();
    assertTrue(mars.correct(" Mars"));
    assertTrue(mars.correct("the red planet."));
    assertTrue(mars.correct("MARS!"));
    assertFalse(mars.correct(" Mars, the fourth planet"));
    assertFalse(mars.correct(""));
    assertFalse(mars.correct("Venus"));
    var paris = new TriviaQuestion("p", "Capital of France?", "Paris", List.of("Paris", "Paris, France"), List.of());
    TriviaItem item = new TriviaQaTask(List.of(paris), null, options(TriviaTemplate.PYTHIA, 0)).items().getFirst();
    assertTrue(item.correct(" Paris, France"), "an alias with another alias as prefix still counts");
  }
}
