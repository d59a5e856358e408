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
 * Greedy decoding with a {@link GptNeoX}, batched: prompts are left-padded to a common length with an attention mask,
 * so every row's logits are those of its prompt alone, and then extended one token at a time through a
 * {@link KvCache}.
 *
 * <p>A row stops when its decoded completion contains a stop string (the completion is cut before the earliest one),
 * when the model emits its end-of-text id (left out of the completion, as transformers' {@code generate} stops at
 * {@code eos_token_id}), or after {@code maxNewTokens} tokens. Prompts longer than the model's context keep their
 * last tokens, as lm-evaluation-harness truncates them.
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
    // Padded positions are masked out, so any id works; GPT-NeoX's own padding token when the tokenizer has one.
    this.padId = tokenizer.idOf("<|padding|>").orElse(model.config().eosTokenId());
  }

  @Override
  public List<String> complete(List<String> prompts, int maxNewTokens, List<String> stopStrings) {
    if (maxNewTokens < 0) {
      throw new IllegalArgumentException("maxNewTokens must not be negative, not " + maxNewTokens);
    }
    List<String> out = new ArrayList<>(prompts.size());
    for (int from = 0; from < prompts.size(); from += batchSize) {
      out.addAll(completeBatch(prompts.subList(from, Math.min(prompts.size(), from + batchSize)), maxNewTokens,
          stopStrings));
    }
    return out;
  }

  private List<String> completeBatch(List<String> prompts, int maxNewTokens, List<String> stopStrings) {
    int rows = prompts.size();
    String[] completions = new String[rows];
    Arrays.fill(completions, "");
    if (maxNewTokens == 0) {
      return Arrays.asList(completions);
    }
    // Leave room for the new tokens inside the context the model was trained for.
    int maxPrompt = Math.max(1, model.config().maxPositions() - maxNewTokens);
    int[][] encoded = new int[rows][];
    int width = 0;
    for (int r = 0; r < rows; r++) {
      int[] ids = tokenizer.encode(prompts.get(r));
      if (ids.length == 0) {
        ids = new int[] {model.config().eosTokenId()}; // as lm-evaluation-harness conditions an empty context
      }
      encoded[r] = ids.length > maxPrompt ? Arrays.copyOfRange(ids, ids.length - maxPrompt, ids.length) : ids;
      width = Math.max(width, encoded[r].length);
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
    int[][] generated = new int[rows][maxNewTokens];
    int[] lengths = new int[rows];
    boolean[] done = new boolean[rows];
    int live = rows;
    try (NDManager manager = model.newManager(); KvCache cache = model.newCache()) {
      NDArray input = manager.create(ids);
      for (int step = 0; step < maxNewTokens && live > 0; step++) {
        int known = width + step;
        NDArray attention = manager.create(sliceColumns(mask, known));
        long[] next;
        try (NDArray logits = model.forward(input, attention, cache)) {
          next = logits.get(new NDIndex(":, -1, :")).argMax(-1).toType(DataType.INT64, false).toLongArray();
        }
        input.close();
        attention.close();
        long[][] column = new long[rows][1];
        for (int r = 0; r < rows; r++) {
          column[r][0] = next[r];
          mask[r][known] = 1;
          if (done[r]) {
            continue;
          }
          if (next[r] == model.config().eosTokenId()) {
            done[r] = true;
          } else {
            generated[r][lengths[r]++] = (int) next[r];
            String text = tokenizer.decode(generated[r], 0, lengths[r]);
            int stop = firstStop(text, stopStrings);
            completions[r] = stop < 0 ? text : text.substring(0, stop);
            done[r] = stop >= 0;
          }
          if (done[r]) {
            live--;
          }
        }
        input = manager.create(column);
      }
      input.close();
    }
    return Arrays.asList(completions);
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
