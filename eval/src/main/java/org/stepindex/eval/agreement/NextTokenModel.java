package org.stepindex.eval.agreement;

import org.stepindex.eval.model.ModelSession;

/**
 * What {@code ngram-agreement} needs of a checkpoint: its distribution over the next token after a
 * context.
 */
public interface NextTokenModel extends AutoCloseable {
  /**
   * The log-probability of every id of the model's vocabulary as the token after {@code context}.
   *
   * @param context token ids, at least one
   * @return one log-probability per id of the model's vocabulary
   */
  double[] nextLogProbs(int[] context);

  @Override
  void close();

  /**
   * A loaded checkpoint's distributions ({@link
   * org.stepindex.eval.model.LogLikelihood#nextLogProbs}).
   */
  static NextTokenModel of(ModelSession session) {
    return new NextTokenModel() {
      @Override
      public double[] nextLogProbs(int[] context) {
        return session.scorer().nextLogProbs(context);
      }

      @Override
      public void close() {
        session.close();
      }
    };
  }
}
