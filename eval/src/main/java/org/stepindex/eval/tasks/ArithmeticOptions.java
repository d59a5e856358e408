package org.stepindex.eval.tasks;

import java.util.HashSet;
import java.util.List;
import org.stepindex.indexer.base.StepIndexException;

/**
 * What the arithmetic task asks: every {@code x1 op x2} over the two ranges, for every operation
 * and every shot count.
 *
 * @param operations the operations, in output order
 * @param x1 the first operand's range; the operand whose frequency is studied
 * @param x2 the second operand's range
 * @param shots the few-shot counts k, in output order
 * @param template how questions are worded
 * @param seed null for the study's own shots ({@link HarnessDraws}: the pool is every other x1 in
 *     0..99 with x2 in 1..50, whatever ranges are evaluated), or a seed for this project's own
 *     draws from the evaluated ranges
 * @param maxNewTokens the most tokens generated per prompt
 */
public record ArithmeticOptions(
    List<Operation> operations,
    IntRange x1,
    IntRange x2,
    List<Integer> shots,
    ArithmeticTemplate template,
    Long seed,
    int maxNewTokens) {

  /** x1 ∈ [0, 99], as in Razeghi et al. (2022) and the Pythia paper. */
  public static final IntRange DEFAULT_X1 = new IntRange(0, 99);

  /** x2 ∈ [1, 50], as in Razeghi et al. (2022) and the Pythia paper. */
  public static final IntRange DEFAULT_X2 = new IntRange(1, 50);

  /** The study's datasets: x1 (or a conversion's x) in 0..99. */
  public static final IntRange STUDY_X1 = new IntRange(0, 99);

  /** The study's datasets: x2 in 1..50. */
  public static final IntRange STUDY_X2 = new IntRange(1, 50);

  /**
   * The generation budget of the Pythia study's model wrapper ({@code model.py}, {@code
   * max_gen_toks}).
   */
  public static final int DEFAULT_MAX_NEW_TOKENS = 16;

  /**
   * @throws StepIndexException if there is no operation or one twice, a shot count is bad ({@link
   *     ShotCounts#check}), the generation budget is below one token, or the ranges hold fewer
   *     distinct shots with another x1 than the largest k needs
   */
  public ArithmeticOptions {
    if (operations.isEmpty()) {
      throw new StepIndexException("no arithmetic operation given; expected e.g. plus,times");
    }
    var seen = new HashSet<Operation>();
    for (Operation op : operations) {
      if (!seen.add(op)) {
        throw new StepIndexException("arithmetic operation " + op.word() + " given twice");
      }
    }
    operations = List.copyOf(operations);
    shots = ShotCounts.check(shots);
    if (maxNewTokens < 1) {
      throw new StepIndexException("bad max new tokens " + maxNewTokens + ": must be 1 or more");
    }
    int maxK = shots.stream().mapToInt(Integer::intValue).max().orElseThrow();
    if (seed == null) {
      if (!STUDY_X1.contains(x1)
          || operations.stream().anyMatch(Operation::binary) && !STUDY_X2.contains(x2)) {
        throw new StepIndexException(
            "the study's shots are drawn from its datasets, x1 in "
                + STUDY_X1
                + " and x2 in "
                + STUDY_X2
                + "; evaluate ranges inside them (got x1 "
                + x1
                + ", x2 "
                + x2
                + ") or give --seed N to draw"
                + " shots from the evaluated ranges instead");
      }
    } else {
      boolean binary = operations.stream().anyMatch(Operation::binary);
      long pool = (long) (x1.size() - 1) * (binary ? x2.size() : 1);
      if (maxK > pool) {
        throw new StepIndexException(
            "bad shot count "
                + maxK
                + ": x1 "
                + x1
                + (binary ? " and x2 " + x2 : "")
                + " give only "
                + pool
                + " distinct examples with another x1 than the one asked");
      }
    }
  }

  /**
   * The Pythia study's setup: plus and times, its ranges and shots, k ∈ {0, 2, 4, 8, 16}, the
   * pythia template.
   */
  public static ArithmeticOptions defaults() {
    return new ArithmeticOptions(
        List.of(Operation.PLUS, Operation.TIMES),
        DEFAULT_X1,
        DEFAULT_X2,
        ShotCounts.PYTHIA_ARITHMETIC,
        ArithmeticTemplate.PYTHIA,
        null,
        DEFAULT_MAX_NEW_TOKENS);
  }
}
