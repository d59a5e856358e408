package org.stepindex.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.Test;
import org.stepindex.indexer.views.TextAnalyzer;
import org.stepindex.indexer.views.TextView;

/**
 * The text view's plain-word path against Lucene's classic query parser, which every other text
 * query goes through: wherever the path answers, the parser builds the very same query.
 */
class ViewQueryTest {
  /** What the query parser alone makes of {@code text}, as the text view compiled it before. */
  private static Query parsed(String text) throws Exception {
    try (TextAnalyzer analyzer = new TextAnalyzer()) {
      return new QueryParser(TextView.NAME, analyzer).parse(text);
    }
  }

  @Test
  void plainWordsCompileAsTheParserCompilesThem() throws Exception {
    List<String> words =
        new ArrayList<>(
            List.of(
                "galaxy",
                "Galaxy",
                "RUNNING",
                "x12",
                "007",
                "12",
                "and",
                "And",
                "or",
                "not",
                "To",
                "TO",
                "\u00e9t\u00e9",
                "Stra\u00dfe",
                "\u041c\u043e\u0441\u043a\u0432\u0430",
                "\u0661\u0662",
                "a".repeat(255)));
    Random random = new Random(7);
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\u00e9\u00df";
    for (int i = 0; i < 2000; i++) {
      StringBuilder w = new StringBuilder();
      for (int n = 1 + random.nextInt(12); n > 0; n--) {
        w.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      words.add(w.toString());
    }
    for (String word : words) {
      Query fast = ViewQuery.plainWord(word);
      assertNotNull(fast, word + " is a plain word");
      assertInstanceOf(TermQuery.class, fast);
      assertEquals(parsed(word), fast, word);
      assertEquals(parsed(word), ViewQuery.compile("text", word, 100).query(), word);
    }
  }

  @Test
  void anythingElseIsLeftToTheParser() throws Exception {
    for (String text :
        List.of(
            "",
            "AND",
            "OR",
            "NOT",
            " galaxy",
            "galaxy ",
            "two words",
            "\"quasar nebula\"",
            "gal*",
            "gal?xy",
            "galaxy~",
            "+galaxy",
            "-galaxy",
            "text:galaxy",
            "1,000",
            "3.5",
            "12-7",
            "a".repeat(256), // two terms: the analyzer splits at 255 characters
            "\u4e2d\u6587", // two ideographs: two terms
            "\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22")) { // Thai: words by dictionary
      Query fast = ViewQuery.plainWord(text);
      if (fast != null) {
        assertEquals(parsed(text), fast, text); // a single Thai word may be one term
      } else if (text.equals("\u4e2d\u6587") || text.equals("a".repeat(256))) {
        assertInstanceOf(
            org.apache.lucene.search.BooleanQuery.class, parsed(text), "two terms: " + text);
      }
    }
    assertNull(ViewQuery.plainWord("AND"));
    assertNull(ViewQuery.plainWord("two words"));
    assertNull(ViewQuery.plainWord("a".repeat(256)));
    assertNull(ViewQuery.plainWord("\u4e2d\u6587"));
  }
}
