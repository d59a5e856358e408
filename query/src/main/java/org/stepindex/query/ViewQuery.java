package org.stepindex.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.TermToBytesRefAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.entities.EntitiesView;
import org.stepindex.indexer.views.BigramsView;
import org.stepindex.indexer.views.PythiaNumbers;
import org.stepindex.indexer.views.PythiaNumbersView;
import org.stepindex.indexer.views.TextAnalyzer;
import org.stepindex.indexer.views.TextView;
import org.stepindex.indexer.views.TokensView;

/**
 * A user's query compiled for one view: the Lucene query, and a key that identifies it for caching.
 *
 * <ul>
 *   <li>{@code text}: Lucene classic query syntax over lower-cased words ({@code word}, {@code "a
 *       phrase"}, {@code "a b"~5}, {@code +a +b}, {@code a -b}, {@code (a OR b)}).
 *   <li>{@code tokens}: whitespace-separated token ids; two or more ids are an n-gram.
 *   <li>{@code pythia-numbers}: a number ({@code 12}) or a pair ({@code 7-12}, in either order).
 *   <li>{@code entities}: an entity id of the view's entity file ({@code Q90}).
 * </ul>
 *
 * @param view the view (Lucene field) queried
 * @param text the query as the user gave it
 * @param query the compiled Lucene query
 */
public record ViewQuery(String view, String text, Query query) {
  /**
   * Shared: an analyzer is thread-safe (per-thread token streams) and costs more to make than a
   * parse.
   */
  private static final TextAnalyzer TEXT_ANALYZER = new TextAnalyzer();

  /**
   * Compiles {@code text} for {@code view}; {@code vocabSize} bounds token ids. Bad syntax is a
   * user error.
   */
  public static ViewQuery compile(String view, String text, int vocabSize) {
    if (text == null || text.isBlank()) {
      throw new StepIndexException("empty query; give a word, a \"phrase\", token ids or a number");
    }
    Query query =
        switch (view) {
          case TextView.NAME -> parseText(text);
          case TokensView.NAME -> parseTokens(text, vocabSize);
          case PythiaNumbersView.NAME ->
              new TermQuery(new Term(view, PythiaNumbers.normalizeQuery(text)));
          case EntitiesView.NAME -> new TermQuery(new Term(view, text.strip()));
          case BigramsView.NAME ->
              throw new StepIndexException(
                  "query the text view: its phrases are counted through the bigrams view automatically");
          default ->
              throw new StepIndexException(
                  "unknown view '" + view + "'; use text, tokens, pythia-numbers or entities");
        };
    return new ViewQuery(view, text, query);
  }

  /**
   * This text-view query answered through the {@code bigrams} view, when it is an exact phrase: two
   * words become the one bigram term (term statistics), {@code n} words the exact phrase of their
   * {@code n - 1} overlapping bigrams. Every start position where the words line up is a start
   * position where the bigrams line up, and back, so the counts are the same. Any other query is
   * returned as it is.
   */
  public ViewQuery throughBigrams() {
    if (!(query instanceof PhraseQuery phrase)
        || phrase.getSlop() != 0
        || phrase.getTerms().length < 2) {
      return this;
    }
    Term[] terms = phrase.getTerms();
    int[] positions = phrase.getPositions();
    for (int i = 1; i < positions.length; i++) {
      if (positions[i] != positions[0] + i) {
        return this; // a phrase with holes is left to the text view
      }
    }
    Term[] bigrams = new Term[terms.length - 1];
    for (int i = 0; i < bigrams.length; i++) {
      bigrams[i] =
          new Term(BigramsView.NAME, BigramsView.term(terms[i].text(), terms[i + 1].text()));
    }
    if (bigrams.length == 1) {
      return new ViewQuery(view, text, new TermQuery(bigrams[0]));
    }
    PhraseQuery.Builder builder = new PhraseQuery.Builder();
    for (int i = 0; i < bigrams.length; i++) {
      builder.add(bigrams[i], i);
    }
    return new ViewQuery(view, text, builder.build());
  }

  /** A stable identity of the compiled query, for caches. */
  public String cacheKey() {
    return view + "\u0000" + query;
  }

  /** Whether per-shard term statistics answer this query without a postings walk. */
  public boolean isSingleTerm() {
    return query instanceof TermQuery;
  }

  private static Query parseText(String text) {
    Query word = plainWord(text);
    if (word != null) {
      return word;
    }
    QueryParser parser = new QueryParser(TextView.NAME, TEXT_ANALYZER);
    parser.setAllowLeadingWildcard(false);
    try {
      Query query = parser.parse(text);
      // An analyzer can reduce a query to nothing (e.g. only punctuation): that matches nothing,
      // stated plainly.
      if (query instanceof BooleanQuery bq && bq.clauses().isEmpty()) {
        return new MatchNoDocsQuery("no words in query");
      }
      return query;
    } catch (ParseException | IllegalArgumentException e) {
      String reason = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new StepIndexException(
          "cannot parse text query '"
              + text
              + "': "
              + reason
              + " (Lucene classic query syntax; quote phrases)");
    }
  }

  /**
   * The query of {@code text} when it is one plain word, letters and digits only and not one of the
   * parser's operators, that the analyzer makes exactly one term of: the {@link TermQuery} that the
   * query parser builds for it, made without the parser, which costs most of a batch's compile
   * (./stepindex bench-cli). Null for anything else, which the parser compiles.
   */
  static Query plainWord(String text) {
    if (text.isEmpty() || text.equals("AND") || text.equals("OR") || text.equals("NOT")) {
      return null;
    }
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (!Character.isLetterOrDigit(c)) {
        return null; // syntax, a space, or a character the parser might read otherwise
      }
      i += Character.charCount(c);
    }
    try (TokenStream stream = TEXT_ANALYZER.tokenStream(TextView.NAME, text)) {
      TermToBytesRefAttribute term = stream.addAttribute(TermToBytesRefAttribute.class);
      stream.reset();
      BytesRef only = stream.incrementToken() ? BytesRef.deepCopyOf(term.getBytesRef()) : null;
      boolean more = only != null && stream.incrementToken();
      stream.end();
      return only == null || more ? null : new TermQuery(new Term(TextView.NAME, only));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // analyzing a String reads no file
    }
  }

  private static Query parseTokens(String text, int vocabSize) {
    String[] parts = text.trim().split("\\s+");
    int[] ids = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        ids[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        throw new StepIndexException(
            "token query '"
                + text
                + "' has '"
                + parts[i]
                + "', which is not a token id; give ids like '805 1249' or use --encode TEXT");
      }
      if (ids[i] < 0 || ids[i] >= vocabSize) {
        throw new StepIndexException(
            String.format(
                Locale.ROOT,
                "token id %d is outside the tokenizer's vocabulary (0..%d)",
                ids[i],
                vocabSize - 1));
      }
    }
    if (ids.length == 1) {
      return new TermQuery(new Term(TokensView.NAME, TokensView.term(ids[0])));
    }
    PhraseQuery.Builder builder = new PhraseQuery.Builder();
    for (int i = 0; i < ids.length; i++) {
      builder.add(new Term(TokensView.NAME, TokensView.term(ids[i])), i);
    }
    return builder.build();
  }
}
