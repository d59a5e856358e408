package org.stepindex.eval.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Few-shot arithmetic after Razeghi et al. (2022) as the Pythia study ran it: {@code x1 op x2} for every x1 and x2 in
 * the ranges, greedy until a newline, scored by {@link ArithmeticScorer}.
 *
 * <p>The k shots of a prompt are distinct {@code (x1', x2')} pairs with the same operation, x1' ≠ x1 (so the prompt
 * shows no other question about the operand being measured) and x2' anywhere in its range. They are drawn with a
 * generator seeded by the options' seed, the operation, x1 and x2 — not k — so the shots of a smaller k are the first
 * shots of a larger one and a comparison across k changes only how many examples the model saw.
 */
public final class ArithmeticTask implements EvalTask {
  /** The task's name in records and file names. */
  public static final String NAME = "arithmetic";

  /** Arithmetic answers end at the line's end. */
  public static final List<String> STOP = List.of("\n");

  private final ArithmeticOptions options;
  private final List<ArithmeticItem> items;

  /** Builds every prompt the options describe, ordered by k, then operation, then x1, then x2. */
  public ArithmeticTask(ArithmeticOptions options) {
    this.options = options;
    List<ArithmeticItem> list = new ArrayList<>();
    for (int k : options.shots()) {
      for (Operation op : options.operations()) {
        for (int x1 = options.x1().min(); x1 <= options.x1().max(); x1++) {
          for (int x2 = options.x2().min(); x2 <= options.x2().max(); x2++) {
            list.add(item(op, k, x1, x2));
          }
        }
      }
    }
    this.items = List.copyOf(list);
  }

  /** The options the prompts were built from. */
  public ArithmeticOptions options() {
    return options;
  }

  private ArithmeticItem item(Operation op, int k, int x1, int x2) {
    ArithmeticTemplate template = options.template();
    IntRange r1 = options.x1();
    IntRange r2 = options.x2();
    Random random = Draws.random(options.seed(), op.word().hashCode(), x1, x2);
    // The pool is every (x1', x2') with x1' != x1, numbered x1'-major with x1 itself skipped.
    int pool = (r1.size() - 1) * r2.size();
    List<FewShotPrompt.Shot> shots = new ArrayList<>(k);
    for (int index : Draws.distinct(pool, k, random)) {
      int a = r1.min() + index / r2.size();
      int shotX1 = a >= x1 ? a + 1 : a;
      int shotX2 = r2.min() + index % r2.size();
      shots.add(new FewShotPrompt.Shot(template.question(op, shotX1, shotX2), answer(op, shotX1, shotX2)));
    }
    String prompt = FewShotPrompt.build(shots, template.question(op, x1, x2));
    return new ArithmeticItem(op, k, template, x1, x2, prompt, answer(op, x1, x2));
  }

  private static String answer(Operation op, int x1, int x2) {
    return Long.toString(op.apply(x1, x2));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<ArithmeticItem> items() {
    return items;
  }

  @Override
  public List<String> stopStrings() {
    return STOP;
  }

  @Override
  public int maxNewTokens() {
    return options.maxNewTokens();
  }
}
