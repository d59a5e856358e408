package org.stepindex.eval.model;

import java.util.List;

/**
 * Greedy text completion, the one thing the few-shot tasks need from a language model.
 *
 * <p>Implemented by the GPT-NeoX generator; kept as an interface so that tasks depend on what they
 * use, not on the engine.
 */
public interface Completer {
  /**
   * Completes each prompt greedily.
   *
   * @param prompts the prompts, completed independently (implementations may batch them)
   * @param maxNewTokens the most tokens to generate per prompt
   * @param stopStrings generation of a prompt stops once its completion contains any of these; the
   *     returned completion is cut before the first stop string
   * @return one completion per prompt, in order, without the prompt
   */
  List<String> complete(List<String> prompts, int maxNewTokens, List<String> stopStrings);
}
