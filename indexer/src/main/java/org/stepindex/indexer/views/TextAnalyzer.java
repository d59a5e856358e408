package org.stepindex.indexer.views;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The analysis of the {@code text} view, at index time and at query time: Unicode (UAX#29) word
 * segmentation by Lucene's {@link StandardTokenizer}, with its default maximum token length, then
 * lower-casing.
 *
 * <p>Nothing else: no stemming and no stop words, because a count of "the" or of "running" must be
 * a count of exactly that word. Numbers stay whole as the tokenizer gives them ({@code 12}, {@code
 * 1,000}, {@code 3.5}); {@code 12-7} is two words. Field instances are {@link View#BOUNDARY_GAP}
 * positions apart.
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
   * The words of {@code text} as the text view indexes them.
   *
   * @param analyzer a {@link TextAnalyzer} (shared; analyzers are thread-safe)
   * @param text any text
   * @return its lower-cased words, in order
   */
  public static List<String> words(Analyzer analyzer, String text) {
    List<String> words = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream(TextView.NAME, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        words.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // analyzing a String does no I/O
    }
    return words;
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
