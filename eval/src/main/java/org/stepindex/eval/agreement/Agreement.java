package org.stepindex.eval.agreement;

import java.util.Map;

/**
 * The model's next-token distribution against the data's, for one context at one order.
 *
 * @param order the order compared ({@link NgramOrder#label()})
 * @param n the order the data used (for ∞, the longest suffix found plus one)
 * @param seen how often the data had followed the conditioning tokens by the step (0: nothing to
 *     compare)
 * @param kl KL(data ‖ model) in nats, {@code Σ p_data(t) · (ln p_data(t) − ln p_model(t))} over the
 *     data's next tokens; null when {@code seen} is 0
 * @param top1 whether the model's most probable token is the data's most frequent one (lowest id
 *     among equals, on both sides); null when {@code seen} is 0
 * @param modelProbabilityOfTop the model's probability of the data's most frequent token; null when
 *     {@code seen} is 0
 */
public record Agreement(
    String order, int n, long seen, Double kl, Boolean top1, Double modelProbabilityOfTop) {

  /**
   * Compares {@code data} with the model's log-probabilities over its vocabulary.
   *
   * @throws IllegalArgumentException if the data holds a token outside the model's vocabulary
   */
  public static Agreement of(NgramOrder order, DataDistribution data, double[] modelLogProbs) {
    long total = data.total();
    if (total == 0) {
      return new Agreement(order.label(), data.n(), 0, null, null, null);
    }
    double kl = 0;
    for (Map.Entry<Integer, Long> e : data.counts().entrySet()) {
      int token = e.getKey();
      if (token < 0 || token >= modelLogProbs.length) {
        throw new IllegalArgumentException(
            "the data's next token "
                + token
                + " is outside the model's vocabulary of "
                + modelLogProbs.length);
      }
      double p = (double) e.getValue() / total;
      kl += p * (Math.log(p) - modelLogProbs[token]);
    }
    int top = data.top();
    return new Agreement(
        order.label(),
        data.n(),
        total,
        kl,
        argmax(modelLogProbs) == top,
        Math.exp(modelLogProbs[top]));
  }

  /** The first index of the largest value. */
  static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
