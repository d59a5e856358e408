package org.stepindex.eval.tasks;

import java.util.List;

/**
 * Joins solved examples and the question being asked into one prompt, exactly as lm-evaluation-harness builds a
 * few-shot context ({@code lm_eval/api/samplers.py}, {@code ContextSampler.get_context}, and {@code
 * Task.fewshot_context}): every shot is {@code text + target_delimiter + target + fewshot_delimiter}, with
 * {@code target_delimiter = " "} and {@code fewshot_delimiter = "\n\n"} (the harness defaults), and the question's
 * text follows the last shot directly. With no shots the prompt is the question's text alone.
 *
 * <p>The older harness the Pythia scripts were written against joined {@code text + target} with {@code "\n\n"} and
 * appended {@code "\n\n"} after the last shot, with the target carrying its own leading space ({@code " " + answer});
 * that is the same string.
 */
public final class FewShotPrompt {
  /** What separates one solved example from the next (and the last from the question). */
  public static final String FEWSHOT_DELIMITER = "\n\n";

  /** What separates an example's text from its answer. */
  public static final String TARGET_DELIMITER = " ";

  /**
   * A solved example.
   *
   * @param text the question as the template renders it, ending where the answer starts (e.g. {@code "... A:"})
   * @param target the answer, without the delimiter
   */
  public record Shot(String text, String target) {}

  private FewShotPrompt() {}

  /** The prompt: each shot, then {@code question}. */
  public static String build(List<Shot> shots, String question) {
    StringBuilder sb = new StringBuilder();
    for (Shot shot : shots) {
      sb.append(shot.text()).append(TARGET_DELIMITER).append(shot.target()).append(FEWSHOT_DELIMITER);
    }
    return sb.append(question).toString();
  }
}
