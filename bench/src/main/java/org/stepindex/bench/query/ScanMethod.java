package org.stepindex.bench.query;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.SequenceContent;
import org.stepindex.indexer.views.TextAnalyzer;
import org.stepindex.indexer.views.Views;
import org.stepindex.query.Count;

/**
 * Baseline (a), no index: what the Pythia scripts do. Every question re-reads the {@code .bin} from
 * sequence 0, decodes each sequence (split at special tokens, as the index does), cuts the text
 * into lower-cased runs of letters and digits, and counts word sequences. A timeline, or many
 * queries at many steps, is one pass that notes the running counts as it crosses each step.
 *
 * <p>Its words equal the {@code text} view's (Lucene's StandardTokenizer, lower-cased) on text of
 * ASCII words and plain numbers, such as the synthetic corpus; on other text the two differ ({@code
 * a_b} is one word to the view, two here), so on real text the scan segments with the view's own
 * analyzer instead ({@link #withTextViewWords}): the count stays independent of the index (no
 * postings, positions, shards, statistics table or bigrams), only the word boundaries are shared.
 */
public final class ScanMethod implements CountMethod, AutoCloseable {
  private final MegatronDataset data;
  private final HfTokenizer tokenizer;
  private final StepLayout layout;

  /**
   * The text view's analyzer, where words are cut as the view cuts them; null for runs of letters
   * and digits.
   */
  private final Analyzer analyzer;

  /**
   * Opens the data and the tokenizer.
   *
   * @param dataPrefix the Megatron dataset (prefix, {@code .idx} or directory)
   * @param tokenizerJson the tokenizer the data was made with
   * @param layout batch size and sequence length
   */
  public ScanMethod(Path dataPrefix, Path tokenizerJson, StepLayout layout) {
    this(dataPrefix, tokenizerJson, layout, null);
  }

  /** A scan that cuts words as the {@code text} view does, for real text. */
  public static ScanMethod withTextViewWords(
      Path dataPrefix, Path tokenizerJson, StepLayout layout) {
    return new ScanMethod(dataPrefix, tokenizerJson, layout, Views.indexAnalyzer());
  }

  private ScanMethod(Path dataPrefix, Path tokenizerJson, StepLayout layout, Analyzer analyzer) {
    this.analyzer = analyzer;
    MegatronDataset opened = MegatronDataset.open(dataPrefix);
    try {
      this.tokenizer = HfTokenizer.load(tokenizerJson);
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
    this.data = opened;
    this.layout = layout;
  }

  @Override
  public String name() {
    return "scan";
  }

  @Override
  public Count count(BenchQuery query, long step) {
    return pass(List.of(query), new long[] {step}).getFirst()[0];
  }

  @Override
  public Count[] timeline(BenchQuery query, long[] steps) {
    return pass(List.of(query), steps).getFirst();
  }

  /** One pass for all queries: the scan's best case. */
  @Override
  public List<Count[]> timelines(List<BenchQuery> queries, long[] steps) {
    return pass(queries, steps);
  }

  /**
   * Counts every query at every step in one pass over the sequences up to the last step.
   *
   * @param queries the queries
   * @param steps ascending steps (repeats allowed)
   * @return per query, one count per step
   */
  public List<Count[]> pass(List<BenchQuery> queries, long[] steps) {
    for (int i = 1; i < steps.length; i++) {
      if (steps[i] < steps[i - 1]) {
        throw new IllegalArgumentException("steps must be ascending");
      }
    }
    int q = queries.size();
    long[] sequences = new long[q];
    long[] occurrences = new long[q];
    Count[][] result = new Count[q][steps.length];
    int[] ids = new int[Math.max(1, data.maxSize())];
    int next = 0;
    for (long seq = 0; ; seq++) {
      while (next < steps.length && endSequence(steps[next]) <= seq) {
        for (int k = 0; k < q; k++) {
          result[k][next] = new Count(sequences[k], occurrences[k]);
        }
        next++;
      }
      if (next == steps.length) {
        break;
      }
      List<String[]> segments = words(ids, data.read(seq, ids));
      for (int k = 0; k < q; k++) {
        BenchQuery query = queries.get(k);
        long first = occurrences(segments, query.first());
        if (first == 0) {
          continue;
        }
        long second = query.isPair() ? occurrences(segments, query.second()) : 0;
        if (!query.isPair() || second > 0) {
          sequences[k]++;
          occurrences[k] += first + second;
        }
      }
    }
    return Arrays.asList(result);
  }

  private long endSequence(long step) {
    return Math.min(layout.firstSequence(step), data.sequenceCount());
  }

  /** The words of each segment of a sequence. */
  private List<String[]> words(int[] ids, int length) {
    SequenceContent content = tokenizer.split(ids, length);
    List<String[]> segments = new ArrayList<>(content.segments().size());
    for (SequenceContent.Segment segment : content.segments()) {
      segments.add(
          analyzer == null
              ? words(segment.text())
              : TextAnalyzer.words(analyzer, segment.text()).toArray(String[]::new));
    }
    return segments;
  }

  private static String[] words(String text) {
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= text.length(); i++) {
      boolean inWord = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
      if (inWord && start < 0) {
        start = i;
      } else if (!inWord && start >= 0) {
        words.add(text.substring(start, i).toLowerCase(Locale.ROOT));
        start = -1;
      }
    }
    return words.toArray(String[]::new);
  }

  /**
   * Occurrences of the phrase in all segments; overlapping occurrences each count, none spans two
   * segments.
   */
  private static long occurrences(List<String[]> segments, List<String> phrase) {
    long n = 0;
    int k = phrase.size();
    for (String[] words : segments) {
      for (int i = 0; i + k <= words.length; i++) {
        int j = 0;
        while (j < k && words[i + j].equals(phrase.get(j))) {
          j++;
        }
        if (j == k) {
          n++;
        }
      }
    }
    return n;
  }

  @Override
  public void close() {
    try (data) {
      tokenizer.close();
    } finally {
      if (analyzer != null) {
        analyzer.close();
      }
    }
  }
}
