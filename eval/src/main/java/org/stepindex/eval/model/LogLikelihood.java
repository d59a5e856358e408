package org.stepindex.eval.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * Scores texts with a {@link GptNeoX} as lm-evaluation-harness's {@code loglikelihood} does.
 *
 * <p>A text alone is conditioned on the end-of-text token (the harness's empty context). A
 * continuation is scored given a context: trailing spaces of the context move to the continuation,
 * the pair is encoded together, and the continuation's tokens are those of the whole after the
 * context's own encoding, so a merge across the boundary goes to the continuation. Inputs longer
 * than the model's context keep their last tokens.
 */
public final class LogLikelihood {

  private final GptNeoX model;
  private final HfTokenizer tokenizer;

  /**
   * Creates a scorer.
   *
   * @param model the model
   * @param tokenizer its tokenizer
   */
  public LogLikelihood(GptNeoX model, HfTokenizer tokenizer) {
    this.model = model;
    this.tokenizer = tokenizer;
  }

  /**
   * Scores every token of a text, the first conditioned on end-of-text.
   *
   * @param text the text
   * @return its tokens and their log-probabilities (empty for an empty text)
   */
  public TokenScores score(String text) {
    return score(new int[] {model.config().eosTokenId()}, tokenizer.encode(text));
  }

  /**
   * Scores a continuation given a context.
   *
   * @param context the context; an empty one is the end-of-text token
   * @param continuation the text to score
   * @return the continuation's tokens and their log-probabilities
   */
  public TokenScores score(String context, String continuation) {
    if (context.isEmpty()) {
      return score(continuation);
    }
    int spaces = context.length() - context.stripTrailing().length();
    String ctx = context.substring(0, context.length() - spaces);
    String cont = context.substring(context.length() - spaces) + continuation;
    int[] whole = tokenizer.encode(ctx + cont);
    int[] contextIds = tokenizer.encode(ctx);
    int split = Math.min(contextIds.length, whole.length);
    return score(Arrays.copyOf(whole, split), Arrays.copyOfRange(whole, split, whole.length));
  }

  /**
   * Scores token ids directly: the log-probability of each of {@code targets} given {@code context}
   * and the targets before it.
   *
   * @param context the conditioning ids; must not be empty
   * @param targets the ids to score
   * @return the scores
   */
  public TokenScores score(int[] context, int[] targets) {
    if (context.length == 0) {
      throw new IllegalArgumentException("the context must hold at least one token");
    }
    if (targets.length == 0) {
      return new TokenScores(new int[0], new double[0], 0);
    }
    int[] all = new int[context.length + targets.length];
    System.arraycopy(context, 0, all, 0, context.length);
    System.arraycopy(targets, 0, all, context.length, targets.length);
    // The input is all tokens but the last; its last `targets.length` positions predict the
    // targets.
    int inputLength = Math.min(all.length - 1, model.config().maxPositions());
    int start = all.length - 1 - inputLength;
    long[] input = new long[inputLength];
    for (int i = 0; i < inputLength; i++) {
      input[i] = all[start + i];
    }
    int scored = Math.min(targets.length, inputLength);
    int[] scoredTokens = Arrays.copyOfRange(targets, targets.length - scored, targets.length);
    long[] wanted = new long[scored];
    for (int i = 0; i < scored; i++) {
      wanted[i] = scoredTokens[i];
    }
    double[] logprobs;
    try (NDManager manager = model.newManager()) {
      NDArray ids = manager.create(new long[][] {input});
      NDArray mask = manager.ones(ids.getShape(), DataType.INT64);
      NDArray logits = model.forward(ids, mask, null);
      NDArray last = logits.get("0, {}:, :", inputLength - scored).toType(DataType.FLOAT32, false);
      NDArray picked = last.logSoftmax(-1).gather(manager.create(wanted).expandDims(1), 1);
      float[] values = picked.toFloatArray();
      logprobs = new double[scored];
      for (int i = 0; i < scored; i++) {
        logprobs[i] = values[i];
      }
    }
    return new TokenScores(scoredTokens, logprobs, Arrays.stream(logprobs).sum());
  }

  /**
   * The model's distribution over its whole vocabulary for the token after {@code context}: the
   * log-softmax of the logits at the context's last position (its last {@code maxPositions} tokens
   * are kept).
   *
   * @param context the conditioning ids; must not be empty
   * @return one log-probability per id of the model's vocabulary ({@code vocabSize}, which may pad
   *     the tokenizer's)
   */
  public double[] nextLogProbs(int[] context) {
    if (context.length == 0) {
      throw new IllegalArgumentException("the context must hold at least one token");
    }
    int inputLength = Math.min(context.length, model.config().maxPositions());
    long[] input = new long[inputLength];
    for (int i = 0; i < inputLength; i++) {
      input[i] = context[context.length - inputLength + i];
    }
    try (NDManager manager = model.newManager()) {
      NDArray ids = manager.create(new long[][] {input});
      NDArray mask = manager.ones(ids.getShape(), DataType.INT64);
      NDArray logits = model.forward(ids, mask, null);
      float[] values =
          logits
              .get("0, {}, :", inputLength - 1)
              .toType(DataType.FLOAT32, false)
              .logSoftmax(-1)
              .toFloatArray();
      double[] logprobs = new double[values.length];
      for (int i = 0; i < values.length; i++) {
        logprobs[i] = values[i];
      }
      return logprobs;
    }
  }
}
