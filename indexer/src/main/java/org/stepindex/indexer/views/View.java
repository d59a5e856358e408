package org.stepindex.indexer.views;

import org.apache.lucene.document.Document;

/**
 * A counter applied at index time: it turns one training sequence into the terms of one Lucene
 * field, named after the view. Implementations are stateless and safe to share between threads.
 */
public interface View {

  /**
   * The position gap the index analyzer puts between two instances of a field, that is between two
   * segments of a sequence. It is larger than any segment (a Pythia sequence has 2049 tokens), so a
   * phrase or an n-gram never spans a boundary; a proximity query with slop of {@code BOUNDARY_GAP}
   * or more could. A sequence of {@code k} segments uses about {@code k · BOUNDARY_GAP} positions,
   * which stays below Lucene's limit of {@code 2^31} for up to about 32,000 segments.
   */
  int BOUNDARY_GAP = 65_536;

  /**
   * The view's name, which is also the name of its Lucene field.
   *
   * @return the name, e.g. {@code text}
   */
  String name();

  /**
   * Adds this view's field for one sequence to {@code doc}: one field instance per segment of the
   * sequence, in order, so that the analyzer's position gap separates the segments. Special tokens
   * are boundaries and are not indexed.
   *
   * @param doc the document of the sequence
   * @param sequence the sequence's content
   */
  void addTo(Document doc, SequenceContent sequence);
}
