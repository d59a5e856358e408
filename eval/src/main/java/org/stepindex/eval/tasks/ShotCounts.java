package org.stepindex.eval.tasks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.stepindex.indexer.base.StepIndexException;

/** Lists of few-shot counts k, as the tasks' options take them. */
public final class ShotCounts {
  /**
   * The counts the Pythia term-frequency study evaluated arithmetic with ({@code
   * run_model_eval.py}).
   */
  public static final List<Integer> PYTHIA_ARITHMETIC = List.of(0, 2, 4, 8, 16);

  private ShotCounts() {}

  /**
   * Parses a comma-separated list such as {@code 0,2,4}.
   *
   * @throws StepIndexException on a value that is not an integer, or on a list {@link #check}
   *     refuses
   */
  public static List<Integer> parse(String text) {
    List<Integer> ks = new ArrayList<>();
    for (String s : text.split(",", -1)) {
      try {
        ks.add(Integer.parseInt(s.strip()));
      } catch (NumberFormatException e) {
        throw new StepIndexException(
            "bad shot count '" + s.strip() + "' in '" + text + "'; expected e.g. 0,2,4,8,16");
      }
    }
    return check(ks);
  }

  /**
   * Returns {@code ks} as an immutable list after checking it.
   *
   * @throws StepIndexException if the list is empty, holds a negative count or holds a count twice
   */
  public static List<Integer> check(List<Integer> ks) {
    if (ks.isEmpty()) {
      throw new StepIndexException("no shot counts given; expected e.g. 0,2,4,8,16");
    }
    var seen = new HashSet<Integer>();
    for (int k : ks) {
      if (k < 0) {
        throw new StepIndexException("bad shot count " + k + ": k must be 0 or more");
      }
      if (!seen.add(k)) {
        throw new StepIndexException("shot count " + k + " given twice");
      }
    }
    return List.copyOf(ks);
  }
}
