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
  private final Map<Long, DataDistribution> unigrams = new HashMap<>();

  /** Reads the data of {@code history}'s index, which needs the {@code tokens} view. */
  public DataNgrams(History history) {
    history.index().checkView(TokensView.NAME);
    this.history = history;
  }

  /**
   * What followed {@code context} at {@code step} in the data, at {@code order}; for order n ≥ 2 a
   * context shorter than {@code n − 1} tokens has no such distribution (null).
   */
  public DataDistribution at(int[] context, NgramOrder order, long step) {
    if (order.n() == 1) {
      return unigram(step);
    }
    if (order.infinite()) {
      List<NextRow> rows = history.next(context, step, 0, true);
      return rows.isEmpty()
          ? unigram(step)
          : new DataDistribution(rows.getFirst().n() + 1, counts(rows));
    }
    if (context.length < order.n() - 1) {
      return null;
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
    DataDistribution known = unigrams.get(step);
    if (known != null) {
      return known;
    }
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
    DataDistribution unigram = new DataDistribution(1, counts);
    unigrams.put(step, unigram);
    return unigram;
  }
}
