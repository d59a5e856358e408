package org.stepindex.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Arithmetic prompts, byte for byte against hand-written strings, for both templates at k = 0 and k = 2. */
class ArithmeticPromptTest {

  private static ArithmeticTask task(ArithmeticTemplate template, Operation op, IntRange x1, IntRange x2, int k) {
    return new ArithmeticTask(new ArithmeticOptions(List.of(op), x1, x2, List.of(k), template, 1234, 16));
  }

  private static ArithmeticItem find(ArithmeticTask task, int x1, int x2) {
    return task.items().stream().filter(i -> i.x1() == x1 && i.x2() == x2).findFirst().orElseThrow();
  }

  @Test
  void zeroShotPythia() {
    ArithmeticItem item = find(task(ArithmeticTemplate.PYTHIA, Operation.PLUS, new IntRange(0, 99),
        new IntRange(1, 50), 0), 12, 7);
    assertEquals("Q:What is 12 plus 7? A:", item.prompt());
    assertEquals("19", item.target());
    assertEquals(0, item.k());
  }

  @Test
  void zeroShotRazeghi() {
    ArithmeticItem item = find(task(ArithmeticTemplate.RAZEGHI, Operation.TIMES, new IntRange(0, 99),
        new IntRange(1, 50), 0), 12, 7);
    assertEquals("Q: What is 12 times 7?\nA:", item.prompt());
    assertEquals("84", item.target());
  }

  @Test
  void minusTargetsMayBeNegative() {
    ArithmeticItem item = find(task(ArithmeticTemplate.PYTHIA, Operation.MINUS, new IntRange(0, 9),
        new IntRange(1, 50), 0), 3, 8);
    assertEquals("Q:What is 3 minus 8? A:", item.prompt());
    assertEquals("-5", item.target());
  }

  // With x1 in 3..5 and x2 = 7, the only shots for x1 = 3 are 4 x 7 and 5 x 7; the seed fixes their order.
  @Test
  void twoShotPythia() {
    ArithmeticItem item = find(task(ArithmeticTemplate.PYTHIA, Operation.TIMES, new IntRange(3, 5),
        new IntRange(7, 7), 2), 3, 7);
    assertEquals(
        "Q:What is 4 times 7? A: 28\n\nQ:What is 5 times 7? A: 35\n\nQ:What is 3 times 7? A:", item.prompt());
    assertEquals("21", item.target());
  }

  @Test
  void twoShotRazeghi() {
    ArithmeticItem item = find(task(ArithmeticTemplate.RAZEGHI, Operation.PLUS, new IntRange(3, 5),
        new IntRange(7, 7), 2), 4, 7);
    assertEquals(
        "Q: What is 3 plus 7?\nA: 10\n\nQ: What is 5 plus 7?\nA: 12\n\nQ: What is 4 plus 7?\nA:", item.prompt());
  }

  @Test
  void fewShotJoinFollowsLmEval() {
    var shots = List.of(new FewShotPrompt.Shot("Q:What is 3 plus 5? A:", "8"),
        new FewShotPrompt.Shot("Q:What is 40 plus 2? A:", "42"));
    assertEquals("Q:What is 3 plus 5? A: 8\n\nQ:What is 40 plus 2? A: 42\n\nQ:What is 12 plus 7? A:",
        FewShotPrompt.build(shots, "Q:What is 12 plus 7? A:"));
    assertEquals("Q: What is 12 plus 7?\nA:", FewShotPrompt.build(List.of(), "Q: What is 12 plus 7?\nA:"));
  }

  @Test
  void itemsAreOrderedByKThenOperationThenX1ThenX2() {
    var task = new ArithmeticTask(new ArithmeticOptions(List.of(Operation.TIMES, Operation.PLUS),
        new IntRange(0, 1), new IntRange(1, 2), List.of(2, 0), ArithmeticTemplate.PYTHIA, 1, 16));
    List<String> order = task.items().stream().map(i -> i.k() + i.op() + i.x1() + "," + i.x2()).toList();
    assertEquals(List.of("2times0,1", "2times0,2", "2times1,1", "2times1,2", "2plus0,1", "2plus0,2", "2plus1,1",
        "2plus1,2", "0times0,1", "0times0,2", "0times1,1", "0times1,2", "0plus0,1", "0plus0,2", "0plus1,1",
        "0plus1,2"), order);
  }
}
