package org.stepindex.eval.tasks;

import java.util.List;

/**
 * Joins solved examples and the question being asked into one prompt as lm-evaluation-harness v0.3
 * builds a few-shot context ({@code lm_eval/base.py}, {@code Task.fewshot_context}), which the
 * Pythia study ran: the shots' {@code doc_to_text(doc) + doc_to_target(doc)} joined by {@code
 * "\n\n"}, then {@code "\n\n"}, then the question's text. With no shots the prompt is the
 * question's text alone.
 *
 * <p>A shot's target carries its own delimiter, as {@code doc_to_target} does in v0.3: the study's
 * arithmetic target is {@code "19"} with no space, its TriviaQA target {@code " " + value}. The
 * current harness's {@code target_delimiter = " "} is the same string for a target written without
 * its leading space.
 */
public final class FewShotPrompt {
  /** What separates one solved example from the next (and the last from the question). */
  public static final String FEWSHOT_DELIMITER = "\n\n";

  /**
   * A solved example.
   *
   * @param text the question as the template renders it, ending where the answer starts (e.g.
   *     {@code "... A:"})
   * @param target the answer as it follows the text, with its delimiter if any (e.g. {@code "8"} or
   *     {@code " 8"})
   */
  public record Shot(String text, String target) {}

  private FewShotPrompt() {}

  /** The prompt: each shot, then {@code question}. */
  public static String build(List<Shot> shots, String question) {
    StringBuilder sb = new StringBuilder();
    for (Shot shot : shots) {
      sb.append(shot.text()).append(shot.target()).append(FEWSHOT_DELIMITER);
    }
    return sb.append(question).toString();
  }
}
