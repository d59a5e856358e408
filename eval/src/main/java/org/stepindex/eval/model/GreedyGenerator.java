package org.stepindex.eval.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * Greedy decoding with a {@link GptNeoX}, batched: prompts are left-padded to a common length with
 * an attention mask, so every row's logits are those of its prompt alone, and then extended one
 * token at a time through a {@link KvCache}.
 *
 * <p>A row stops when its decoded completion contains a stop string (the completion is cut before
 * the earliest one), when the model emits its end-of-text id (left out of the completion, as
 * transformers' {@code generate} stops at {@code eos_token_id}), or after {@code maxNewTokens}
 * tokens. Prompts longer than the model's context keep their last tokens, as lm-evaluation-harness
 * truncates them.
 */
public final class GreedyGenerator implements Completer {

  private final GptNeoX model;
  private final HfTokenizer tokenizer;
  private final int batchSize;
  private final int padId;

  /**
   * Creates a generator.
   *
   * @param model the model
   * @param tokenizer its tokenizer
   * @param batchSize how many prompts run through the model together
   */
  public GreedyGenerator(GptNeoX model, HfTokenizer tokenizer, int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, not " + batchSize);
    }
    this.model = model;
    this.tokenizer = tokenizer;
    this.batchSize = batchSize;
    // Padded positions are masked out, so any id works; GPT-NeoX's own padding token when the
    // tokenizer has one.
    this.padId = tokenizer.idOf("<|padding|>").orElse(model.config().eosTokenId());
  }

  @Override
  public List<String> complete(List<String> prompts, int maxNewTokens, List<String> stopStrings) {
    if (maxNewTokens < 0) {
      throw new IllegalArgumentException("maxNewTokens must not be negative, not " + maxNewTokens);
    }
    List<String> out = new ArrayList<>(prompts.size());
    for (int from = 0; from < prompts.size(); from += batchSize) {
      out.addAll(
          completeBatch(
              prompts.subList(from, Math.min(prompts.size(), from + batchSize)),
              maxNewTokens,
              stopStrings));
    }
    return out;
  }

  /**
   * Greedy decoding at the level of token ids, as the Pythia memorization study runs it: each
   * prompt is extended by exactly {@code newTokens} tokens and the end-of-text id is never chosen
   * (transformers' {@code generate} with {@code min_length} = prompt + new tokens masks it out), so
   * a continuation is compared position by position with the training data. Prompts are batched and
   * left-padded as in {@link #complete}; an empty prompt is the end-of-text token, and a prompt
   * longer than the model's context less {@code newTokens} keeps its last tokens.
   *
   * @param prompts the prompts' token ids
   * @param newTokens how many tokens to generate per prompt
   * @return one array of exactly {@code newTokens} ids per prompt, in order
   */
  public List<int[]> greedyIds(List<int[]> prompts, int newTokens) {
    if (newTokens < 0) {
      throw new IllegalArgumentException("newTokens must not be negative, not " + newTokens);
    }
    List<int[]> out = new ArrayList<>(prompts.size());
    for (int from = 0; from < prompts.size(); from += batchSize) {
      List<int[]> batch = prompts.subList(from, Math.min(prompts.size(), from + batchSize));
      int[][] generated = new int[batch.size()][newTokens];
      int[] lengths = new int[batch.size()];
      if (newTokens > 0) {
        decode(
            fit(batch, newTokens),
            newTokens,
            true,
            (row, token) -> {
              generated[row][lengths[row]++] = token;
              return false;
            });
      }
      out.addAll(Arrays.asList(generated));
    }
    return out;
  }

  private List<String> completeBatch(
      List<String> prompts, int maxNewTokens, List<String> stopStrings) {
    int rows = prompts.size();
    String[] completions = new String[rows];
    Arrays.fill(completions, "");
    if (maxNewTokens == 0) {
      return Arrays.asList(completions);
    }
    int[][] generated = new int[rows][maxNewTokens];
    int[] lengths = new int[rows];
    int eos = model.config().eosTokenId();
    decode(
        fit(prompts.stream().map(tokenizer::encode).toList(), maxNewTokens),
        maxNewTokens,
        false,
        (r, token) -> {
          if (token == eos) {
            return true;
          }
          generated[r][lengths[r]++] = token;
          String text = tokenizer.decode(generated[r], 0, lengths[r]);
          int stop = firstStop(text, stopStrings);
          completions[r] = stop < 0 ? text : text.substring(0, stop);
          return stop >= 0;
        });
    return Arrays.asList(completions);
  }

  /** Hears each row's next token; answers whether the row is done. */
  @FunctionalInterface
  private interface TokenSink {
    boolean accept(int row, int token);
  }

  /**
   * Prompts made ready for the model: an empty one becomes the end-of-text token (as
   * lm-evaluation-harness conditions an empty context), and a long one keeps its last tokens so
   * that the new ones fit the model's context.
   */
  private int[][] fit(List<int[]> prompts, int newTokens) {
    int maxPrompt = Math.max(1, model.config().maxPositions() - newTokens);
    int[][] encoded = new int[prompts.size()][];
    for (int r = 0; r < encoded.length; r++) {
      int[] ids = prompts.get(r);
      if (ids.length == 0) {
        ids = new int[] {model.config().eosTokenId()};
      }
      encoded[r] =
          ids.length > maxPrompt
              ? Arrays.copyOfRange(ids, ids.length - maxPrompt, ids.length)
              : ids;
    }
    return encoded;
  }

  /**
   * Runs greedy decoding of left-padded prompts for at most {@code maxNewTokens} steps, handing
   * each live row's next token to {@code sink} until it says the row is done.
   *
   * @param suppressEos whether the end-of-text id is masked out of the choice
   */
  private void decode(int[][] encoded, int maxNewTokens, boolean suppressEos, TokenSink sink) {
    int rows = encoded.length;
    int width = 0;
    for (int[] e : encoded) {
      width = Math.max(width, e.length);
    }
    long[][] ids = new long[rows][width];
    long[][] mask = new long[rows][width + maxNewTokens];
    for (int r = 0; r < rows; r++) {
      int pad = width - encoded[r].length;
      Arrays.fill(ids[r], 0, pad, padId);
      for (int t = 0; t < encoded[r].length; t++) {
        ids[r][pad + t] = encoded[r][t];
        mask[r][pad + t] = 1;
      }
    }
    boolean[] done = new boolean[rows];
    int live = rows;
    try (NDManager manager = model.newManager();
        KvCache cache = model.newCache()) {
      NDArray eosMask = null;
      if (suppressEos) {
        float[] m = new float[model.config().vocabSize()];
        m[model.config().eosTokenId()] = Float.NEGATIVE_INFINITY;
        eosMask = manager.create(m);
      }
      NDArray input = manager.create(ids);
      for (int step = 0; step < maxNewTokens && live > 0; step++) {
        int known = width + step;
        NDArray attention = manager.create(sliceColumns(mask, known));
        long[] next;
        try (NDArray logits = model.forward(input, attention, cache)) {
          NDArray last = logits.get(new NDIndex(":, -1, :"));
          if (eosMask != null) {
            last = last.toType(DataType.FLOAT32, false).add(eosMask);
          }
          next = last.argMax(-1).toType(DataType.INT64, false).toLongArray();
        }
        input.close();
        attention.close();
        long[][] column = new long[rows][1];
        for (int r = 0; r < rows; r++) {
          column[r][0] = next[r];
          mask[r][known] = 1;
          if (!done[r] && sink.accept(r, (int) next[r])) {
            done[r] = true;
            live--;
          }
        }
        input = manager.create(column);
      }
      input.close();
    }
  }

  private static long[][] sliceColumns(long[][] matrix, int columns) {
    long[][] out = new long[matrix.length][];
    for (int r = 0; r < matrix.length; r++) {
      out[r] = Arrays.copyOf(matrix[r], columns);
    }
    return out;
  }

  /** The index of the earliest stop string in the text, or -1. */
  static int firstStop(String text, List<String> stopStrings) {
    int first = -1;
    for (String stop : stopStrings) {
      if (stop.isEmpty()) {
        continue;
      }
      int at = text.indexOf(stop);
      if (at >= 0 && (first < 0 || at < first)) {
        first = at;
      }
    }
    return first;
  }
}
