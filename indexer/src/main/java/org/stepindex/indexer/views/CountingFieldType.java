package org.stepindex.indexer.views;

import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexOptions;

/**
 * The Lucene field type every view indexes with: tokenized, nothing stored (the {@code .bin} is the
 * source of the text), no term vectors, and no norms, because counts never score by length. Views
 * differ only in what the postings keep: positions for phrases and n-grams, or frequencies alone.
 */
public final class CountingFieldType {
  private CountingFieldType() {}

  /**
   * A frozen field type with the given postings.
   *
   * @param postings {@link IndexOptions#DOCS_AND_FREQS_AND_POSITIONS} for phrase queries, {@link
   *     IndexOptions#DOCS_AND_FREQS} for terms counted alone
   * @return the field type
   */
  public static FieldType of(IndexOptions postings) {
    FieldType type = new FieldType();
    type.setIndexOptions(postings);
    type.setTokenized(true);
    type.setOmitNorms(true);
    type.setStored(false);
    type.setStoreTermVectors(false);
    type.freeze();
    return type;
  }
}
