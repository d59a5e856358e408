package org.stepindex.eval.tasks;

import org.stepindex.eval.model.ModelSession;

/**
 * The log-likelihood of a text under a model, the one thing the likelihood-scored bias tasks need;
 * closing it releases the model (a no-op unless the scorer owns one).
 */
@FunctionalInterface
public interface TextScorer extends AutoCloseable {
  /**
   * The sum of the natural-log probabilities of the text's tokens, the first conditioned on
   * end-of-text: lm-evaluation-harness's {@code loglikelihood("", text)}.
   */
  double logLikelihood(String text);

  @Override
  default void close() {}

  /** A scorer over an open session that closes the session when closed. */
  static TextScorer of(ModelSession session) {
    return new TextScorer() {
      @Override
      public double logLikelihood(String text) {
        return session.scorer().score(text).total();
      }

      @Override
      public void close() {
        session.close();
      }
    };
  }
}
