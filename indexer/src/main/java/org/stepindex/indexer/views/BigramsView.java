package org.stepindex.indexer.views;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexOptions;

/**
 * The optional {@code bigrams} view: every two adjacent words of the {@code text} view as one term
 * ({@link BigramAnalyzer}), with positions. When an index has it, a text-view phrase of two words
 * is answered by term statistics of one bigram (no postings walk), and a longer phrase of {@code n}
 * words by the exact phrase of its {@code n - 1} overlapping bigrams, whose postings are far
 * shorter than the words'; the counts are the same as the text view's, overlapping matches
 * included.
 */
public final class BigramsView implements View {
  /** The view's name and field name. */
  public static final String NAME = "bigrams";

  private static final FieldType TYPE =
      CountingFieldType.of(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);

  /** Creates the view; it holds no state. */
  public BigramsView() {}

  /**
   * The term of two adjacent words, as {@link BigramAnalyzer} writes it.
   *
   * @param first the first word, analyzed
   * @param second the second word, analyzed
   * @return {@code first + " " + second}
   */
  public static String term(String first, String second) {
    return first + " " + second;
  }

  /**
   * {@inheritDoc}
   *
   * @return {@value #NAME}
   */
  @Override
  public String name() {
    return NAME;
  }

  /** Adds one {@value #NAME} field instance per segment, for the index analyzer to shingle. */
  @Override
  public void addTo(Document doc, SequenceContent sequence) {
    for (SequenceContent.Segment segment : sequence.segments()) {
      doc.add(new Field(NAME, segment.text(), TYPE));
    }
  }
}
