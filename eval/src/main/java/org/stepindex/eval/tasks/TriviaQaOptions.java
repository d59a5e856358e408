package org.stepindex.eval.tasks;

import java.util.List;
import org.stepindex.indexer.base.StepIndexException;

/**
 * What the TriviaQA task asks.
 *
 * @param shots the few-shot counts k, in output order
 * @param template how questions are worded
 * @param seed null for the study's harness draws ({@link TriviaQaTask}), or a seed for this
 *     project's own draws
 * @param maxNewTokens the most tokens generated per prompt
 * @param limit evaluate only the first {@code limit} questions of the file; 0 for all
 */
public record TriviaQaOptions(
    List<Integer> shots, TriviaTemplate template, Long seed, int maxNewTokens, int limit) {

  /** 4-shot, as in Kandpal et al. (2022) and the Pythia study. */
  public static final List<Integer> DEFAULT_SHOTS = List.of(4);

  /**
   * @throws StepIndexException on a bad shot count ({@link ShotCounts#check}), a generation budget
   *     below one token or a negative limit
   */
  public TriviaQaOptions {
    shots = ShotCounts.check(shots);
    if (maxNewTokens < 1) {
      throw new StepIndexException("bad max new tokens " + maxNewTokens + ": must be 1 or more");
    }
    if (limit < 0) {
      throw new StepIndexException("bad question limit " + limit + ": must be 0 (all) or more");
    }
  }

  /** 4-shot, the pythia template, the study's shots, 16 new tokens, every question. */
  public static TriviaQaOptions defaults() {
    return new TriviaQaOptions(
        DEFAULT_SHOTS, TriviaTemplate.PYTHIA, null, ArithmeticOptions.DEFAULT_MAX_NEW_TOKENS, 0);
  }
}
