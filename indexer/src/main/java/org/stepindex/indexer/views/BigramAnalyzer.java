package org.stepindex.indexer.views;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.shingle.ShingleFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * The analysis of the {@code bigrams} view: the {@code text} view's words ({@link TextAnalyzer}:
 * UAX#29, lower-cased), then Lucene's {@link ShingleFilter} joining each two adjacent words with
 * one space ({@code "of the"}), at the first word's position, and no single words. A segment is one
 * field instance, so no bigram spans a document boundary.
 */
public final class BigramAnalyzer extends Analyzer {
  /** Creates the analyzer. */
  public BigramAnalyzer() {}

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    StandardTokenizer source = new StandardTokenizer();
    ShingleFilter shingles = new ShingleFilter(new LowerCaseFilter(source), 2, 2);
    shingles.setOutputUnigrams(false);
    return new TokenStreamComponents(source, shingles);
  }

  /**
   * The gap between two instances of a field: {@link View#BOUNDARY_GAP}.
   *
   * @param fieldName ignored
   * @return {@link View#BOUNDARY_GAP}
   */
  @Override
  public int getPositionIncrementGap(String fieldName) {
    return View.BOUNDARY_GAP;
  }
}
