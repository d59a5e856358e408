package org.stepindex.query;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.roaringbitmap.RoaringBitmap;

/**
 * Walks one shard's postings once to find every matching sequence of a query and its occurrences.
 *
 * <p>Occurrences are defined per query kind: a term counts each position; an exact phrase or token
 * n-gram counts every start position where all its terms line up, so overlapping matches each count
 * (as suffix-array tools count); any other query (boolean, proximity, intervals) counts the match
 * intervals Lucene's {@link Matches} API reports for the sequence (for {@code +a +b} that is every
 * position of {@code a} or {@code b} in a sequence holding both; a negated clause contributes
 * none).
 */
final class MatchCollector {
  private MatchCollector() {}

  static ShardMatches collect(IndexSearcher searcher, Query query) throws IOException {
    Accumulator acc = new Accumulator();
    if (query instanceof TermQuery term) {
      collectTerm(searcher, term.getTerm(), acc);
    } else if (query instanceof PhraseQuery phrase
        && phrase.getSlop() == 0
        && phrase.getTerms().length > 1) {
      collectExactPhrase(searcher, phrase, acc);
    } else {
      collectMatches(searcher, query, acc);
    }
    return acc.build();
  }

  private static void collectTerm(IndexSearcher searcher, Term term, Accumulator acc)
      throws IOException {
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      PostingsEnum postings = leaf.reader().postings(term, PostingsEnum.FREQS);
      if (postings == null) {
        continue;
      }
      for (int doc = postings.nextDoc();
          doc != DocIdSetIterator.NO_MORE_DOCS;
          doc = postings.nextDoc()) {
        acc.add(leaf.docBase + doc, postings.freq());
      }
    }
  }

  /**
   * Each distinct term of the phrase is read once per sequence, however often it repeats: a window
   * of code repeats the same whitespace token dozens of times, and reading its positions once per
   * repetition made such a phrase cost its length times more than one of distinct terms.
   */
  private static void collectExactPhrase(
      IndexSearcher searcher, PhraseQuery phrase, Accumulator acc) throws IOException {
    Term[] terms = phrase.getTerms();
    int[] offsets = phrase.getPositions();
    PhraseTerms distinct = PhraseTerms.of(terms);
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      LeafReader reader = leaf.reader();
      PostingsEnum[] postings = new PostingsEnum[distinct.size()];
      boolean missing = false;
      for (int j = 0; j < postings.length && !missing; j++) {
        postings[j] = reader.postings(distinct.term(j), PostingsEnum.POSITIONS);
        missing = postings[j] == null;
      }
      if (missing) {
        continue;
      }
      // Drive the doc intersection from the rarest term: it proposes the fewest candidates.
      int lead = 0;
      for (int j = 1; j < postings.length; j++) {
        if (postings[j].cost() < postings[lead].cost()) {
          lead = j;
        }
      }
      int[][] termPositions = new int[postings.length][];
      int[] termFreqs = new int[postings.length];
      int[][] positions = new int[terms.length][];
      int[] freqs = new int[terms.length];
      int doc = postings[lead].nextDoc();
      while (doc != DocIdSetIterator.NO_MORE_DOCS) {
        int target = alignAll(postings, lead, doc);
        if (target == DocIdSetIterator.NO_MORE_DOCS) {
          break;
        }
        if (target != doc) {
          doc = postings[lead].advance(target);
          continue;
        }
        for (int j = 0; j < postings.length; j++) {
          termFreqs[j] = postings[j].freq();
          termPositions[j] = readPositions(postings[j], termFreqs[j], termPositions[j]);
        }
        for (int i = 0; i < terms.length; i++) {
          positions[i] = termPositions[distinct.at(i)];
          freqs[i] = termFreqs[distinct.at(i)];
        }
        int matches = countAlignments(positions, freqs, offsets);
        if (matches > 0) {
          acc.add(leaf.docBase + doc, matches);
        }
        doc = postings[lead].nextDoc();
      }
    }
  }

  /**
   * The sequences holding both terms (of any fields), with the occurrences of both in each: the
   * rarer term's postings lead and the other's skip to each of its docs ({@link
   * PostingsEnum#advance}), so the cost is bounded by the rarer term's postings and the skips, not
   * by the common term's length.
   */
  static ShardMatches conjunction(IndexSearcher searcher, Term a, Term b) throws IOException {
    Accumulator acc = new Accumulator();
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      PostingsEnum pa = leaf.reader().postings(a, PostingsEnum.FREQS);
      PostingsEnum pb = leaf.reader().postings(b, PostingsEnum.FREQS);
      if (pa == null || pb == null) {
        continue;
      }
      PostingsEnum lead = pa.cost() <= pb.cost() ? pa : pb;
      PostingsEnum other = lead == pa ? pb : pa;
      int doc = lead.nextDoc();
      while (doc != DocIdSetIterator.NO_MORE_DOCS) {
        int d = other.docID() < doc ? other.advance(doc) : other.docID();
        if (d == DocIdSetIterator.NO_MORE_DOCS) {
          break;
        }
        if (d == doc) {
          acc.add(leaf.docBase + doc, lead.freq() + other.freq());
          doc = lead.nextDoc();
        } else {
          doc = lead.advance(d);
        }
      }
    }
    return acc.build();
  }

  /**
   * Advances every enum but the lead to {@code doc}; returns doc if all are on it, else the next
   * candidate.
   */
  private static int alignAll(PostingsEnum[] postings, int lead, int doc) throws IOException {
    for (int i = 0; i < postings.length; i++) {
      if (i == lead) {
        continue;
      }
      int d = postings[i].docID() < doc ? postings[i].advance(doc) : postings[i].docID();
      if (d != doc) {
        return d;
      }
    }
    return doc;
  }

  private static int[] readPositions(PostingsEnum postings, int freq, int[] reuse)
      throws IOException {
    // The array is reused across docs: only its first freq entries are this doc's positions.
    int[] positions = reuse != null && reuse.length >= freq ? reuse : new int[Math.max(freq, 16)];
    for (int k = 0; k < freq; k++) {
      positions[k] = postings.nextPosition();
    }
    return positions;
  }

  /**
   * Start positions where every term sits at its offset: one merge pass over the sorted position
   * lists, each cursor only moving forward, proposed by the place whose term is rarest in this
   * sequence. Places of a repeated term share one list, each with its own cursor.
   */
  private static int countAlignments(int[][] positions, int[] freqs, int[] offsets) {
    int anchor = 0;
    for (int i = 1; i < freqs.length; i++) {
      if (freqs[i] < freqs[anchor]) {
        anchor = i;
      }
    }
    int[] cursor = new int[positions.length];
    int matches = 0;
    for (int k = 0; k < freqs[anchor]; k++) {
      int start = positions[anchor][k] - offsets[anchor];
      boolean all = true;
      for (int i = 0; i < positions.length && all; i++) {
        if (i == anchor) {
          continue;
        }
        int want = start + offsets[i];
        while (cursor[i] < freqs[i] && positions[i][cursor[i]] < want) {
          cursor[i]++;
        }
        all = cursor[i] < freqs[i] && positions[i][cursor[i]] == want;
      }
      if (all) {
        matches++;
      }
    }
    return matches;
  }

  private static void collectMatches(IndexSearcher searcher, Query query, Accumulator acc)
      throws IOException {
    Weight weight =
        searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      Scorer scorer = weight.scorer(leaf);
      if (scorer == null) {
        continue;
      }
      DocIdSetIterator it = scorer.iterator();
      for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
        acc.add(leaf.docBase + doc, Math.max(1, countMatches(weight.matches(leaf, doc))));
      }
    }
  }

  private static int countMatches(Matches matches) throws IOException {
    if (matches == null) {
      return 0;
    }
    int count = 0;
    for (String field : matches) {
      MatchesIterator it = matches.getMatches(field);
      if (it == null) {
        continue;
      }
      while (it.next()) {
        count++;
      }
    }
    return count;
  }

  /** Builds a bitmap and occurrence array from docs added in increasing order. */
  static final class Accumulator {
    private final RoaringBitmap docs = new RoaringBitmap();
    private int[] occurrences = new int[64];
    private int size;

    void add(int doc, int occurrencesInDoc) {
      docs.add(doc);
      if (size == occurrences.length) {
        occurrences = Arrays.copyOf(occurrences, size * 2);
      }
      occurrences[size++] = occurrencesInDoc;
    }

    ShardMatches build() {
      docs.runOptimize();
      return new ShardMatches(docs, Arrays.copyOf(occurrences, size));
    }
  }
}
