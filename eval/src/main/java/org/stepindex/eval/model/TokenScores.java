package org.stepindex.eval.model;

/**
 * The log-probabilities a model gives the tokens of a text.
 *
 * @param tokens the scored token ids, in order
 * @param logprobs the natural-log probability of each token given everything before it
 * @param total the sum of {@code logprobs}: the log-likelihood of the whole text
 */
public record TokenScores(int[] tokens, double[] logprobs, double total) {

  /** Checks that there is one log-probability per token. */
  public TokenScores {
    if (tokens.length != logprobs.length) {
      throw new IllegalArgumentException(
          tokens.length + " tokens but " + logprobs.length + " log-probabilities");
    }
  }
}
