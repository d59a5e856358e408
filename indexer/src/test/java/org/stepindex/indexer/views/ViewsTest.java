package org.stepindex.indexer.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.stepindex.indexer.views.BruteForce.assertOneLineError;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.junit.jupiter.api.Test;

class ViewsTest {

  @Test
  void namesAndLookup() {
    assertEquals(List.of("text", "tokens", "pythia-numbers", "bigrams"), Views.names());
    for (String name : Views.names()) {
      assertEquals(name, Views.byName(name).name());
    }
    assertEquals(TextView.class, Views.byName("text").getClass());
    assertEquals(TokensView.class, Views.byName("tokens").getClass());
    assertEquals(PythiaNumbersView.class, Views.byName("pythia-numbers").getClass());
    assertEquals(BigramsView.class, Views.byName("bigrams").getClass());
  }

  @Test
  void parseKeepsOrderAndDropsDuplicates() {
    List<View> views = Views.parse("tokens, text,tokens");
    assertEquals(List.of("tokens", "text"), views.stream().map(View::name).toList());
    assertSame(Views.byName("tokens"), views.get(0));
    assertEquals(
        Views.names(),
        Views.parse("text,tokens,pythia-numbers,bigrams").stream().map(View::name).toList());
  }

  @Test
  void unknownOrMissingViewsAreOneLineErrorsListingTheValidOnes() {
    assertOneLineError(
        () -> Views.parse("text,txt"),
        "unknown view 'txt'; valid views are text, tokens, pythia-numbers, bigrams");
    assertOneLineError(
        () -> Views.byName("Text"), "valid views are text, tokens, pythia-numbers, bigrams");
    assertOneLineError(() -> Views.parse("text,"), "unknown view ''");
    assertOneLineError(() -> Views.parse(" "), "no views given");
    assertOneLineError(() -> Views.parse(null), "no views given");
  }

  @Test
  void tokenTermsAreDecimalIds() {
    assertEquals("0", TokensView.term(0));
    assertEquals("50276", TokensView.term(50276));
  }

  @Test
  void indexAnalyzerGivesEveryFieldTheBoundaryGapAndAnalyzesQueriesPerField() throws IOException {
    try (Analyzer analyzer = Views.indexAnalyzer()) {
      for (String field : List.of("text", "tokens", "pythia-numbers", "something-else")) {
        assertEquals(View.BOUNDARY_GAP, analyzer.getPositionIncrementGap(field), field);
      }
      assertEquals(
          List.of("hello", "world", "1,000"),
          TextAnalyzerTest.analyze(analyzer, "text", "Hello, World 1,000"));
      assertEquals(List.of("510", "12"), TextAnalyzerTest.analyze(analyzer, "tokens", "510 12"));
      assertEquals(List.of("7-12"), TextAnalyzerTest.analyze(analyzer, "pythia-numbers", "7-12"));
    }
  }
}
