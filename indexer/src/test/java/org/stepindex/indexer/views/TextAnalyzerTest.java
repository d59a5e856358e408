package org.stepindex.indexer.views;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class TextAnalyzerTest {

  static List<String> analyze(Analyzer analyzer, String field, String text) throws IOException {
    List<String> terms = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        terms.add(term.toString());
      }
      stream.end();
    }
    return terms;
  }

  @Test
  void lowerCasesWordsWithoutStemmingOrStopWords() throws IOException {
    try (TextAnalyzer analyzer = new TextAnalyzer()) {
      assertEquals(
          List.of("the", "runners", "were", "running", "and", "it", "is", "a", "test"),
          analyze(analyzer, "text", "The Runners were RUNNING, and it is a test."));
      assertEquals("running", analyzer.normalize("text", "RUNNING").utf8ToString());
    }
  }

  @Test
  void keepsNumbersWhole() throws IOException {
    try (TextAnalyzer analyzer = new TextAnalyzer()) {
      assertEquals(
          List.of("12", "1,000", "3.5", "12", "7", "42", "007", "x12", "\u0661\u0662"),
          analyze(analyzer, "text", "12 1,000 3.5 12-7 (42), 007 x12 \u0661\u0662"));
    }
  }

  @Test
  void keepsTheDefaultMaximumTokenLength() throws IOException {
    try (TextAnalyzer analyzer = new TextAnalyzer()) {
      List<String> terms = analyze(analyzer, "text", "a".repeat(300));
      assertEquals(List.of(255, 45), terms.stream().map(String::length).toList());
    }
  }

  @Test
  void segmentsAreABoundaryGapApart() {
    try (TextAnalyzer analyzer = new TextAnalyzer()) {
      assertEquals(65_536, analyzer.getPositionIncrementGap("text"));
      assertEquals(View.BOUNDARY_GAP, analyzer.getPositionIncrementGap("anything"));
    }
  }
}
