package org.stepindex.indexer.views;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexOptions;

/**
 * The {@code text} view: each segment's decoded text, analyzed by {@link TextAnalyzer} into
 * lower-cased words with positions, for word, phrase, boolean and proximity counts. Nothing is
 * stored; the {@code .bin} is the source of the text.
 */
public final class TextView implements View {
  /** The view's name and field name. */
  public static final String NAME = "text";

  /** Positions for phrases; no norms, because counts never score by length. */
  private static final FieldType TYPE =
      CountingFieldType.of(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);

  /** Creates the view; it holds no state. */
  public TextView() {}

  /**
   * {@inheritDoc}
   *
   * @return {@value #NAME}
   */
  @Override
  public String name() {
    return NAME;
  }

  /**
   * Adds one {@value #NAME} field instance per segment, holding the segment's text for the index
   * analyzer to analyze.
   */
  @Override
  public void addTo(Document doc, SequenceContent sequence) {
    for (SequenceContent.Segment segment : sequence.segments()) {
      doc.add(new Field(NAME, segment.text(), TYPE));
    }
  }
}
