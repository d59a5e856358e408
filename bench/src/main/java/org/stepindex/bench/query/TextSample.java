package org.stepindex.bench.query;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.SequenceContent;
import org.stepindex.indexer.views.TextAnalyzer;
import org.stepindex.indexer.views.Views;

/**
 * The words of real text as the {@code text} view sees them, read from sequences spread evenly over
 * the first sequences of a dataset, so that queries drawn from it occur at every size built from
 * that prefix on. Drawing a position draws a word (or the two or three words from it) by its
 * frequency, as queries of real studies lean to frequent words; frequency ranks give mid-frequency
 * words. Only words of letters, digits and {@code _} are drawn, so every query reads the same in
 * Lucene's query syntax; an n-gram never spans a document boundary or a word of other characters.
 */
final class TextSample {
  private static final Pattern PLAIN_WORD = Pattern.compile("[\\p{L}\\p{N}_]+");

  /**
   * Every word read, in text order; null where a word of other characters (or a document boundary)
   * breaks it.
   */
  private final List<String> positions = new ArrayList<>();

  /** Words by descending frequency in the sample. */
  private final List<String> byFrequency;

  private TextSample(List<String> positions) {
    this.positions.addAll(positions);
    Map<String, Integer> counts = new HashMap<>();
    for (String word : positions) {
      if (word != null) {
        counts.merge(word, 1, Integer::sum);
      }
    }
    byFrequency =
        counts.entrySet().stream()
            .sorted(
                Map.Entry.<String, Integer>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .map(Map.Entry::getKey)
            .toList();
  }

  /**
   * Reads up to {@code count} sequences spread evenly over the first {@code within} sequences of
   * the dataset.
   *
   * @param dataPrefix the dataset
   * @param tokenizerJson its tokenizer
   * @param within the prefix to read from (the smallest size's sequences)
   * @param count sequences to read
   */
  static TextSample read(Path dataPrefix, Path tokenizerJson, long within, int count) {
    List<String> positions = new ArrayList<>();
    try (MegatronDataset data = MegatronDataset.open(dataPrefix);
        HfTokenizer tokenizer = HfTokenizer.load(tokenizerJson);
        Analyzer analyzer = Views.indexAnalyzer()) {
      long sequences = Math.min(within, data.sequenceCount());
      int[] ids = new int[0];
      for (int i = 0; i < Math.min(count, sequences); i++) {
        long seq = i * sequences / Math.min(count, sequences);
        if (data.size(seq) > ids.length) {
          ids = new int[data.size(seq)];
        }
        int length = data.read(seq, ids);
        SequenceContent content = tokenizer.split(ids, length);
        for (SequenceContent.Segment segment : content.segments()) {
          positions.add(null);
          for (String word : TextAnalyzer.words(analyzer, segment.text())) {
            positions.add(PLAIN_WORD.matcher(word).matches() ? word : null);
          }
        }
      }
    }
    return new TextSample(positions);
  }

  /** Distinct words in the sample. */
  int vocabulary() {
    return byFrequency.size();
  }

  /** The word of frequency rank {@code rank} (0 the most frequent), clamped to the vocabulary. */
  String ranked(int rank) {
    return byFrequency.get(Math.min(rank, byFrequency.size() - 1));
  }

  /**
   * {@code n} words that stand one after another from a random position, joined by a space; drawn
   * again (up to a bound) until the position starts such a run.
   */
  String ngram(Random random, int n) {
    for (int attempt = 0; attempt < 1_000_000; attempt++) {
      int at = random.nextInt(positions.size() - n + 1);
      StringBuilder gram = new StringBuilder();
      for (int k = 0; k < n && gram != null; k++) {
        String word = positions.get(at + k);
        gram = word == null ? null : gram.append(k == 0 ? "" : " ").append(word);
      }
      if (gram != null) {
        return gram.toString();
      }
    }
    throw new IllegalStateException("the sampled text holds no run of " + n + " plain words");
  }

  /**
   * Two runs of {@code firstLength} and {@code secondLength} plain words that stand {@code gap}
   * words apart in one document piece of the text, so that they co-occur in a sequence of the data.
   */
  String[] nearby(Random random, int firstLength, int gap, int secondLength) {
    int span = firstLength + gap + secondLength - 1;
    for (int attempt = 0; attempt < 1_000_000; attempt++) {
      int at = random.nextInt(positions.size() - span + 1);
      boolean plain = true;
      for (int k = 0; k < span && plain; k++) {
        plain = positions.get(at + k) != null;
      }
      if (plain) {
        String first = String.join(" ", positions.subList(at, at + firstLength));
        String second = String.join(" ", positions.subList(at + firstLength + gap - 1, at + span));
        if (!first.equals(second)) {
          return new String[] {first, second};
        }
      }
    }
    throw new IllegalStateException("the sampled text holds no run of " + span + " plain words");
  }

  /** The {@code k} most frequent runs of {@code n} plain words, most frequent first. */
  List<String> frequentNgrams(int n, int k) {
    Map<String, Integer> counts = new HashMap<>();
    for (int at = 0; at + n <= positions.size(); at++) {
      StringBuilder gram = new StringBuilder();
      for (int j = 0; j < n && gram != null; j++) {
        String word = positions.get(at + j);
        gram = word == null ? null : gram.append(j == 0 ? "" : " ").append(word);
      }
      if (gram != null) {
        counts.merge(gram.toString(), 1, Integer::sum);
      }
    }
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(k)
        .map(Map.Entry::getKey)
        .toList();
  }
}
