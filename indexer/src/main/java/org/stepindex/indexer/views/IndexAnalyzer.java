package org.stepindex.indexer.views;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.util.IOUtils;

/**
 * The analyzer behind {@link Views#indexAnalyzer()}: a per-field choice with one position gap for
 * every field.
 */
final class IndexAnalyzer extends DelegatingAnalyzerWrapper {
  private final Analyzer text = new TextAnalyzer();
  private final Analyzer bigrams = new BigramAnalyzer();
  private final Analyzer tokens = new WhitespaceAnalyzer();
  private final Analyzer other = new KeywordAnalyzer();

  IndexAnalyzer() {
    super(PER_FIELD_REUSE_STRATEGY);
  }

  @Override
  protected Analyzer getWrappedAnalyzer(String fieldName) {
    return switch (fieldName) {
      case TextView.NAME -> text;
      case BigramsView.NAME -> bigrams;
      case TokensView.NAME -> tokens;
      default -> other;
    };
  }

  /**
   * The wrapped analyzers' own gaps do not matter: segments are always {@link View#BOUNDARY_GAP}
   * apart.
   */
  @Override
  public int getPositionIncrementGap(String fieldName) {
    return View.BOUNDARY_GAP;
  }

  @Override
  public void close() {
    super.close();
    IOUtils.closeWhileHandlingException(text, bigrams, tokens, other);
  }
}
