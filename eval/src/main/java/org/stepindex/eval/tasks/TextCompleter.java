package org.stepindex.eval.tasks;

import java.util.List;
import org.stepindex.eval.model.ModelSession;

/**
 * Greedy completion of text prompts as a model a {@link ModelTask} opens per checkpoint; closing it
 * releases the model (a no-op unless the completer owns one).
 */
@FunctionalInterface
public interface TextCompleter extends AutoCloseable {
  /**
   * Completes each prompt greedily ({@link org.stepindex.eval.model.Completer#complete}).
   *
   * @return one completion per prompt, cut before the first stop string
   */
  List<String> complete(List<String> prompts, int maxNewTokens, List<String> stopStrings);

  @Override
  default void close() {}

  /** A completer over an open session that closes the session when closed. */
  static TextCompleter of(ModelSession session) {
    return new TextCompleter() {
      @Override
      public List<String> complete(
          List<String> prompts, int maxNewTokens, List<String> stopStrings) {
        return session.complete(prompts, maxNewTokens, stopStrings);
      }

      @Override
      public void close() {
        session.close();
      }
    };
  }
}
