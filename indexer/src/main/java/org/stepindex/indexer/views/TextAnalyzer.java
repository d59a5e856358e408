package org.stepindex.indexer.views;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * The analysis of the {@code text} view, at index time and at query time: Unicode (UAX#29) word segmentation by
 * Lucene's {@link StandardTokenizer}, with its default maximum token length, then lower-casing.
 *
 * <p>Nothing else: no stemming and no stop words, because a count of "the" or of "running" must be a count of exactly
 * that word. Numbers stay whole as the tokenizer gives them ({@code 12}, {@code 1,000}, {@code 3.5}); {@code 12-7} is
 * two words. Field instances are {@link View#BOUNDARY_GAP} positions apart.
 */
public final class TextAnalyzer extends Analyzer {

  /** Creates the analyzer. */
  public TextAnalyzer() {}

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    StandardTokenizer source = new StandardTokenizer();
    return new TokenStreamComponents(source, new LowerCaseFilter(source));
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new LowerCaseFilter(in);
  }

  /**
   * The gap between two instances of a field: {@link View#BOUNDARY_GAP}, for every field.
   *
   * @param fieldName ignored
   * @return {@link View#BOUNDARY_GAP}
   */
  @Override
  public int getPositionIncrementGap(String fieldName) {
    return View.BOUNDARY_GAP;
  }
}
