package org.stepindex.eval.agreement;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.TokensView;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.history.History;
import org.stepindex.query.history.NextRow;

/**
 * The data's n-gram distributions at a step, exact: orders 2…4 and ∞ are {@code next}'s counts of
 * what followed the context's last tokens in the sequences of steps {@code [0, S)} ({@link
 * History#next}); order 1 is the count of every ordinary token by then, from the {@code tokens}
 * view (computed once a step and kept).
 *
 * <p>Not thread-safe.
 */
public final class DataNgrams {
  private final History history;

  /**
   * Distributions already counted, by step, order and context: the data does not change between the
   * checkpoints and runs of one evaluation, and runs drawing their contexts with the same seed ask
   * the same questions.
   */
  private final Map<String, DataDistribution> known;

  /** Reads the data of {@code history}'s index, which needs the {@code tokens} view. */
  public DataNgrams(History history) {
    this(history, new HashMap<>());
  }

  /**
   * Reads the data of {@code history}'s index, keeping what it counts in {@code known}, which other
   * instances over the same index may share (it must be thread-safe if they run at once).
   */
  public DataNgrams(History history, Map<String, DataDistribution> known) {
    history.index().checkView(TokensView.NAME);
    this.history = history;
    this.known = known;
  }

  /**
   * What followed {@code context} at {@code step} in the data, at {@code order}; for order n ≥ 2 a
   * context shorter than {@code n − 1} tokens has no such distribution (null).
   */
  public DataDistribution at(int[] context, NgramOrder order, long step) {
    if (order.n() > 1 && context.length < order.n() - 1) {
      return null;
    }
    String key =
        step + "/" + order.label() + "/" + (order.n() == 1 ? "" : Arrays.toString(context));
    DataDistribution done = known.get(key);
    if (done == null) {
      done = count(context, order, step);
      known.put(key, done);
    }
    return done;
  }

  private DataDistribution count(int[] context, NgramOrder order, long step) {
    if (order.n() == 1) {
      return unigram(step);
    }
    if (order.infinite()) {
      List<NextRow> rows = history.next(context, step, 0, true);
      return rows.isEmpty()
          ? at(context, NgramOrder.ALL.getFirst(), step)
          : new DataDistribution(rows.getFirst().n() + 1, counts(rows));
    }
    int[] suffix = Arrays.copyOfRange(context, context.length - (order.n() - 1), context.length);
    return new DataDistribution(order.n(), counts(history.next(suffix, step, 0, false)));
  }

  private static Map<Integer, Long> counts(List<NextRow> rows) {
    Map<Integer, Long> counts = new HashMap<>();
    rows.forEach(r -> counts.put(r.token(), r.count()));
    return counts;
  }

  /**
   * Every ordinary token's count in the sequences of steps {@code [0, step)}: one count per id of
   * the vocabulary.
   */
  private DataDistribution unigram(long step) {
    FrequencyIndex index = history.index();
    HfTokenizer tokenizer = history.tokenizer();
    Map<Integer, Long> counts = new HashMap<>();
    for (int id = 0; id < tokenizer.vocabSize(); id++) {
      if (tokenizer.contains(id) && !tokenizer.isSpecial(id)) {
        long n =
            index.countAt(index.compile(TokensView.NAME, Integer.toString(id)), step).occurrences();
        if (n > 0) {
          counts.put(id, n);
        }
      }
    }
    return new DataDistribution(1, counts);
  }
}
