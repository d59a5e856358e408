package org.stepindex.query;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.roaringbitmap.RoaringBitmap;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.entities.EntitiesView;
import org.stepindex.indexer.entities.EntityPairs;
import org.stepindex.indexer.store.IndexLayout;
import org.stepindex.indexer.views.TextView;

/**
 * How the sequences holding two queries are counted, the cheapest way that is exact: a declared
 * pair of the {@code entities} view is a term of its own (term statistics); within a window of
 * words, a Lucene interval query; two terms of any view, one leapfrog over their postings led by
 * the rarer; anything else, the intersection of the two queries' match sets. Occurrences are those
 * of both queries in the sequences counted (of the near pairs, with a window).
 *
 * <p>Thread-safe.
 */
final class Cooccurrence {
  private final ShardSet shards;
  private final QueryCache cache;

  /** Declared pairs of added entity views, as terms of their pairs field; read on first use. */
  private volatile Set<String> declaredPairs;

  Cooccurrence(ShardSet shards, QueryCache cache) {
    this.shards = shards;
    this.cache = cache;
  }

  /** The text-view query "a within {@code window} words of b", as a Lucene interval query. */
  ViewQuery near(String a, String b, int window) {
    cache.compile("text", a); // the view must exist and both sides must parse
    cache.compile("text", b);
    return NearQuery.compile(a, b, window);
  }

  /** Whether {@code a} and {@code b} are a declared pair of the {@code entities} view. */
  boolean isDeclaredPair(String a, String b) {
    return shards.manifest().addedView(EntitiesView.NAME) != null
        && declaredPairs().contains(EntityPairs.term(a.strip(), b.strip()));
  }

  private Set<String> declaredPairs() {
    Set<String> pairs = declaredPairs;
    if (pairs == null) {
      Path file = IndexLayout.of(shards.dir()).declaredPairs(EntitiesView.NAME);
      try {
        pairs =
            Files.exists(file)
                ? Set.copyOf(Files.readAllLines(file, StandardCharsets.UTF_8))
                : Set.of();
      } catch (IOException e) {
        throw new StepIndexException("cannot read " + file + ": " + e.getMessage(), e);
      }
      declaredPairs = pairs;
    }
    return pairs;
  }

  /**
   * How the shards count the sequences holding both {@code a} and {@code b}, two queries of {@code
   * view}; with {@code window} > 0 (text view only), only those where they occur within {@code
   * window} words of each other.
   */
  ShardCounter counter(String view, String a, String b, int window) {
    return state(view, a, b, window)::count;
  }

  /**
   * The remembered matches behind {@link #counter}: per shard, the sequences holding both, with
   * their occurrences.
   */
  QueryState state(String view, String a, String b, int window) {
    if (window > 0) {
      if (!view.equals(TextView.NAME)) {
        throw new StepIndexException("--window works on the text view only, not on '" + view + "'");
      }
      return cache.state(near(a, b, window));
    }
    ViewQuery qa = cache.compile(view, a);
    ViewQuery qb = cache.compile(view, b);
    if (view.equals(EntitiesView.NAME) && isDeclaredPair(a, b)) {
      ViewQuery pair =
          new ViewQuery(
              EntitiesView.PAIRS_FIELD,
              a + " & " + b,
              new TermQuery(
                  new Term(EntitiesView.PAIRS_FIELD, EntityPairs.term(a.strip(), b.strip()))));
      return cache.state(pair);
    }
    if (qa.isSingleTerm() && qb.isSingleTerm()) {
      Term ta = ((TermQuery) qa.query()).getTerm();
      Term tb = ((TermQuery) qb.query()).getTerm();
      String key = "and-terms\u0001" + qa.cacheKey() + "\u0001" + qb.cacheKey();
      return cache.state(
          key, shard -> MatchCache.conjunction(shards.get(shard).searcher(), ta, tb));
    }
    QueryState sa = cache.state(qa);
    QueryState sb = cache.state(qb);
    String key = "and\u0001" + qa.cacheKey() + "\u0001" + qb.cacheKey();
    return cache.state(key, shard -> intersection(sa.matches(shard), sb.matches(shard)));
  }

  private static ShardMatches intersection(ShardMatches a, ShardMatches b) {
    RoaringBitmap docs = RoaringBitmap.and(a.docs(), b.docs());
    int[] occurrences = new int[docs.getCardinality()];
    int i = 0;
    for (int doc : docs) {
      occurrences[i++] = a.occurrencesIn(doc) + b.occurrencesIn(doc);
    }
    return new ShardMatches(docs, occurrences);
  }
}
