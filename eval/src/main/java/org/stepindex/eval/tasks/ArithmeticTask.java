package org.stepindex.eval.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Few-shot arithmetic after Razeghi et al. (2022) as the Pythia study ran it: {@code x1 op x2} for
 * every x1 and x2 in the ranges (a time-unit conversion: every x, ten times, as the study's dataset
 * has it), greedy until a newline, scored by {@link ArithmeticScorer}.
 *
 * <p>Shots, by default, are the study's own ({@link HarnessDraws}): each (operation, x1, k) is one
 * task of lm-evaluation-harness v0.3 whose test documents are x2 = 1..50 (or the ten copies of x)
 * and whose shot pool is every x1' ≠ x1 in 0..99 with every x2' in 1..50 (or every x' ≠ x), in
 * dataset order, so the prompts are byte for byte the ones the study sent, whichever ranges are
 * evaluated. The shots of a smaller k are not a prefix of a larger k's there.
 *
 * <p>With a seed ({@code --seed N}) the shots are this project's own draws instead: k distinct
 * {@code (x1', x2')} with x1' ≠ x1 inside the evaluated ranges, from a generator seeded by the
 * seed, the operation, x1 and x2 — not k — so the shots of a smaller k are the first shots of a
 * larger one and a comparison across k changes only how many examples the model saw.
 */
public final class ArithmeticTask implements EvalTask {
  /** The task's name in records and file names. */
  public static final String NAME = "arithmetic";

  /** Arithmetic answers end at the line's end. */
  public static final List<String> STOP = List.of("\n");

  private final ArithmeticOptions options;
  private final List<ArithmeticItem> items;

  /** One document of the study's datasets; a conversion's copies and pool documents have x2 = 0. */
  private record Doc(int x1, int x2) {}

  /** Builds every prompt the options describe, ordered by k, then operation, then x1, then x2. */
  public ArithmeticTask(ArithmeticOptions options) {
    this.options = options;
    List<ArithmeticItem> list = new ArrayList<>();
    for (int k : options.shots()) {
      for (Operation op : options.operations()) {
        IntRange r2 = op.binary() ? options.x2() : new IntRange(1, Operation.TIME_UNIT_COPIES);
        for (int x1 = options.x1().min(); x1 <= options.x1().max(); x1++) {
          List<List<Doc>> study = options.seed() == null ? studyShots(op, x1, k) : null;
          for (int x2 = r2.min(); x2 <= r2.max(); x2++) {
            List<Doc> shots = study != null ? study.get(x2 - 1) : seededShots(op, k, x1, x2);
            list.add(item(op, k, x1, x2, shots));
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

  /**
   * The study's shots for every test document of the task (op, x1), indexed by x2 - 1 (or copy -
   * 1).
   */
  private static List<List<Doc>> studyShots(Operation op, int x1, int k) {
    IntRange all1 = ArithmeticOptions.STUDY_X1;
    IntRange all2 = ArithmeticOptions.STUDY_X2;
    List<Doc> test = new ArrayList<>();
    List<Doc> pool = new ArrayList<>();
    if (op.binary()) {
      for (int x2 = all2.min(); x2 <= all2.max(); x2++) {
        test.add(new Doc(x1, x2));
      }
    } else {
      for (int copy = 0; copy < Operation.TIME_UNIT_COPIES; copy++) {
        test.add(new Doc(x1, 0));
      }
    }
    for (int x = all1.min(); x <= all1.max(); x++) {
      if (x == x1) {
        continue;
      }
      if (op.binary()) {
        for (int x2 = all2.min(); x2 <= all2.max(); x2++) {
          pool.add(new Doc(x, x2));
        }
      } else {
        pool.add(new Doc(x, 0));
      }
    }
    return HarnessDraws.shots(test, pool, k);
  }

  /** This project's seeded draws: k distinct other-x1 examples inside the evaluated ranges. */
  private List<Doc> seededShots(Operation op, int k, int x1, int x2) {
    IntRange r1 = options.x1();
    IntRange r2 = op.binary() ? options.x2() : new IntRange(0, 0);
    Random random = Draws.random(options.seed(), op.word().hashCode(), x1, x2);
    // The pool is every (x1', x2') with x1' != x1, numbered x1'-major with x1 itself skipped.
    int pool = (r1.size() - 1) * r2.size();
    List<Doc> shots = new ArrayList<>(k);
    for (int index : Draws.distinct(pool, k, random)) {
      int a = r1.min() + index / r2.size();
      shots.add(new Doc(a >= x1 ? a + 1 : a, r2.min() + index % r2.size()));
    }
    return shots;
  }

  private ArithmeticItem item(Operation op, int k, int x1, int x2, List<Doc> docs) {
    ArithmeticTemplate template = options.template();
    List<FewShotPrompt.Shot> shots = new ArrayList<>(docs.size());
    for (Doc d : docs) {
      shots.add(
          new FewShotPrompt.Shot(
              template.question(op, d.x1(), d.x2()),
              template.shotTarget(answer(op, d.x1(), d.x2()))));
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
