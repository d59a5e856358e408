package org.stepindex.query.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.util.BytesRef;
import org.stepindex.indexer.views.SequenceContent;
import org.stepindex.indexer.views.TextView;
import org.stepindex.indexer.views.View;

/**
 * The words of one sequence as the {@code text} view indexed them: for each word its index
 * position, its document (segment) and its characters there, so that a match the index reports at a
 * position is shown in its text.
 *
 * <p>Positions are recomputed as Lucene's indexing chain assigns them: from -1, each token adds its
 * position increment, the end of a segment's stream adds the final increment, and each segment adds
 * {@link View#BOUNDARY_GAP} after it (also one with no words). A word's <em>ordinal</em> is its
 * index among the sequence's words, the {@code position} that {@code find} reports.
 */
final class SequenceWords {
  private final SequenceContent content;
  private int count;
  private int[] positions = new int[64];
  private int[] segments = new int[64];
  private int[] starts = new int[64];
  private int[] ends = new int[64];
  private String[] terms = new String[64];

  /**
   * The ordinal of each segment's first word, and one past the last segment's last word at the end.
   */
  private final int[] firstWord;

  private SequenceWords(SequenceContent content) {
    this.content = content;
    this.firstWord = new int[content.segments().size() + 1];
  }

  /** Analyzes every segment of {@code content} with {@code analyzer} (a {@code TextAnalyzer}). */
  static SequenceWords of(SequenceContent content, Analyzer analyzer) {
    SequenceWords words = new SequenceWords(content);
    int position = -1;
    for (int s = 0; s < content.segments().size(); s++) {
      words.firstWord[s] = words.count;
      try (TokenStream stream =
          analyzer.tokenStream(TextView.NAME, content.segments().get(s).text())) {
        CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
        OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
        PositionIncrementAttribute increment =
            stream.addAttribute(PositionIncrementAttribute.class);
        stream.reset();
        while (stream.incrementToken()) {
          position += increment.getPositionIncrement();
          words.add(position, s, offset.startOffset(), offset.endOffset(), term.toString());
        }
        stream.end();
        position += increment.getPositionIncrement();
      } catch (IOException e) {
        throw new UncheckedIOException(e); // analyzing a String does no I/O
      }
      position += View.BOUNDARY_GAP;
    }
    words.firstWord[content.segments().size()] = words.count;
    return words;
  }

  private void add(int position, int segment, int start, int end, String term) {
    if (count == positions.length) {
      int size = 2 * count;
      positions = Arrays.copyOf(positions, size);
      segments = Arrays.copyOf(segments, size);
      starts = Arrays.copyOf(starts, size);
      ends = Arrays.copyOf(ends, size);
      terms = Arrays.copyOf(terms, size);
    }
    positions[count] = position;
    segments[count] = segment;
    starts[count] = start;
    ends[count] = end;
    terms[count] = term;
    count++;
  }

  /** The number of words. */
  int size() {
    return count;
  }

  /** The ordinal of the word at index position {@code position}, or -1 if no word is there. */
  int at(int position) {
    int i = Arrays.binarySearch(positions, 0, count, position);
    return i >= 0 ? i : -1;
  }

  /** The word {@code ordinal} as indexed (lower-cased). */
  String term(int ordinal) {
    return terms[ordinal];
  }

  /** The segments (documents) of the sequence. */
  int segmentCount() {
    return firstWord.length - 1;
  }

  /** The words of segment {@code segment} as UTF-8, for the entity matcher. */
  BytesRef[] segmentWords(int segment) {
    BytesRef[] words = new BytesRef[firstWord[segment + 1] - firstWord[segment]];
    for (int i = 0; i < words.length; i++) {
      words[i] = new BytesRef(terms[firstWord[segment] + i]);
    }
    return words;
  }

  /** The ordinal of the first word of segment {@code segment}. */
  int firstWord(int segment) {
    return firstWord[segment];
  }

  /**
   * The text from {@code context} words before word {@code first} to {@code context} words after
   * word {@code last}, inside the document of {@code first}: a context never reaches past a
   * document boundary.
   */
  String text(int first, int last, int context) {
    int segment = segments[first];
    int from = Math.max(firstWord[segment], first - context);
    int to = Math.min(firstWord[segment + 1] - 1, Math.max(first, last) + context);
    String text = content.segments().get(segment).text();
    return text.substring(starts[from], ends[to]);
  }
}
