package org.stepindex.eval.tasks;

import java.util.List;
import org.stepindex.eval.model.GreedyGenerator;
import org.stepindex.eval.model.ModelSession;

/**
 * Greedy continuation of token-id prompts by a fixed number of tokens, what the memorization task
 * needs; closing it releases the model (a no-op unless the generator owns one).
 */
@FunctionalInterface
public interface IdsGenerator extends AutoCloseable {
  /**
   * Continues each prompt by exactly {@code newTokens} greedily chosen ids ({@link
   * GreedyGenerator#greedyIds}).
   *
   * @return one array of {@code newTokens} ids per prompt, in order
   */
  List<int[]> greedy(List<int[]> prompts, int newTokens);

  @Override
  default void close() {}

  /**
   * A generator over an open session, batching {@code batchSize} prompts, that closes the session
   * when closed.
   */
  static IdsGenerator of(ModelSession session, int batchSize) {
    GreedyGenerator generator =
        new GreedyGenerator(session.model(), session.tokenizer(), batchSize);
    return new IdsGenerator() {
      @Override
      public List<int[]> greedy(List<int[]> prompts, int newTokens) {
        return generator.greedyIds(prompts, newTokens);
      }

      @Override
      public void close() {
        session.close();
      }
    };
  }
}
