package org.stepindex.query.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexOptions;
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
import org.stepindex.query.PhraseTerms;

/**
 * The matches of a query in one shard, walked in doc (training) order from any doc on, each
 * matching doc with its occurrences and, where the view has positions, where each lies. Unlike a
 * count it stops where its caller stops: the first rows of {@code find} read a few postings, not
 * the shard's.
 *
 * <p>Occurrences are those a count counts (the rules of {@code MatchCollector}): a term's
 * positions; an exact phrase's every start where its terms line up, overlapping ones included; any
 * other query's match intervals as Lucene's Matches API reports them (a matching doc with none
 * counts once, at no position).
 *
 * <p>Not thread-safe: one walk per caller.
 */
final class ShardWalk {
  /** The position of an occurrence the index holds no position for. */
  static final int NO_POSITION = -1;

  private final Query query;
  private final Weight weight;
  private final List<LeafReaderContext> leaves;
  private int leaf;
  private LeafWalk walk;
  private int occurrences;
  private int[] starts = new int[16];
  private int[] ends = new int[16];

  private ShardWalk(IndexSearcher searcher, Query query) throws IOException {
    this.query = query;
    this.leaves = searcher.getIndexReader().leaves();
    this.weight =
        isTerm(query) || isExactPhrase(query)
            ? null
            : searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
  }

  /** A walk of {@code query}'s matches in the shard {@code searcher} reads. */
  static ShardWalk open(IndexSearcher searcher, Query query) {
    try {
      return new ShardWalk(searcher, query);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Moves to the first matching doc at or after {@code target}, which must be after the doc this
   * returned last.
   *
   * @return the doc, or {@link DocIdSetIterator#NO_MORE_DOCS}
   */
  int advance(int target) {
    try {
      while (leaf < leaves.size()) {
        if (target >= leafEnd(leaf)) {
          walk = null;
          leaf++;
          continue;
        }
        if (walk == null) {
          walk = open(leaves.get(leaf));
        }
        int base = leaves.get(leaf).docBase;
        int doc = walk.advance(Math.max(0, target - base));
        if (doc != DocIdSetIterator.NO_MORE_DOCS) {
          return base + doc;
        }
        target = leafEnd(leaf);
      }
      return DocIdSetIterator.NO_MORE_DOCS;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The occurrences in the doc {@link #advance} returned last. */
  int occurrences() {
    return occurrences;
  }

  /**
   * The index position where occurrence {@code i} of the current doc starts, or {@link
   * #NO_POSITION}.
   */
  int start(int i) {
    return starts[i];
  }

  /**
   * The index position where occurrence {@code i} of the current doc ends (inclusive), or {@link
   * #NO_POSITION}.
   */
  int end(int i) {
    return ends[i];
  }

  private int leafEnd(int leafIndex) {
    LeafReaderContext context = leaves.get(leafIndex);
    return context.docBase + context.reader().maxDoc();
  }

  private LeafWalk open(LeafReaderContext context) throws IOException {
    LeafReader reader = context.reader();
    if (query instanceof TermQuery term) {
      return termWalk(reader, term.getTerm());
    }
    if (query instanceof PhraseQuery phrase && isExactPhrase(phrase)) {
      return phraseWalk(reader, phrase);
    }
    return matchesWalk(context);
  }

  private static boolean isTerm(Query query) {
    return query instanceof TermQuery;
  }

  private static boolean isExactPhrase(Query query) {
    return query instanceof PhraseQuery phrase
        && phrase.getSlop() == 0
        && phrase.getTerms().length > 1;
  }

  /**
   * Walks one leaf: the first matching doc at or after a leaf-relative target, occurrences filled
   * in.
   */
  @FunctionalInterface
  private interface LeafWalk {
    int advance(int target) throws IOException;
  }

  private static final LeafWalk EMPTY = target -> DocIdSetIterator.NO_MORE_DOCS;

  private LeafWalk termWalk(LeafReader reader, Term term) throws IOException {
    FieldInfo field = reader.getFieldInfos().fieldInfo(term.field());
    boolean positional =
        field != null
            && field.getIndexOptions().compareTo(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS) >= 0;
    PostingsEnum postings =
        reader.postings(term, positional ? PostingsEnum.POSITIONS : PostingsEnum.FREQS);
    if (postings == null) {
      return EMPTY;
    }
    return target -> {
      int doc = postings.docID() >= target ? postings.docID() : postings.advance(target);
      if (doc != DocIdSetIterator.NO_MORE_DOCS) {
        int freq = postings.freq();
        reserve(freq);
        for (int i = 0; i < freq; i++) {
          int position = positional ? postings.nextPosition() : NO_POSITION;
          starts[i] = position;
          ends[i] = position;
        }
        occurrences = freq;
      }
      return doc;
    };
  }

  private LeafWalk phraseWalk(LeafReader reader, PhraseQuery phrase) throws IOException {
    Term[] terms = phrase.getTerms();
    int[] offsets = phrase.getPositions();
    // A term that repeats in the phrase is read once per sequence (see PhraseTerms).
    PhraseTerms distinct = PhraseTerms.of(terms);
    PostingsEnum[] postings = new PostingsEnum[distinct.size()];
    for (int j = 0; j < postings.length; j++) {
      postings[j] = reader.postings(distinct.term(j), PostingsEnum.POSITIONS);
      if (postings[j] == null) {
        return EMPTY;
      }
    }
    int rarest = 0;
    for (int i = 1; i < postings.length; i++) {
      if (postings[i].cost() < postings[rarest].cost()) {
        rarest = i;
      }
    }
    int lead = rarest;
    int span = Arrays.stream(offsets).max().orElse(0) - Arrays.stream(offsets).min().orElse(0);
    int[][] termPositions = new int[postings.length][];
    int[][] positions = new int[terms.length][];
    return target -> {
      int doc =
          postings[lead].docID() >= target
              ? postings[lead].docID()
              : postings[lead].advance(target);
      while (doc != DocIdSetIterator.NO_MORE_DOCS) {
        int candidate = align(postings, lead, doc);
        if (candidate != doc) {
          doc =
              candidate == DocIdSetIterator.NO_MORE_DOCS
                  ? candidate
                  : postings[lead].advance(candidate);
          continue;
        }
        for (int j = 0; j < postings.length; j++) {
          int freq = postings[j].freq();
          termPositions[j] = new int[freq];
          for (int k = 0; k < freq; k++) {
            termPositions[j][k] = postings[j].nextPosition();
          }
        }
        for (int i = 0; i < terms.length; i++) {
          positions[i] = termPositions[distinct.at(i)];
        }
        if (alignments(positions, offsets, span) > 0) {
          return doc;
        }
        doc = postings[lead].nextDoc();
      }
      return doc;
    };
  }

  /**
   * Every other enum moved to {@code doc}; returns doc when all are on it, else the next candidate.
   */
  private static int align(PostingsEnum[] postings, int lead, int doc) throws IOException {
    for (int i = 0; i < postings.length; i++) {
      if (i != lead) {
        int d = postings[i].docID() < doc ? postings[i].advance(doc) : postings[i].docID();
        if (d != doc) {
          return d;
        }
      }
    }
    return doc;
  }

  /**
   * Records every start where each term sits at its offset (positions sorted); returns how many.
   */
  private int alignments(int[][] positions, int[] offsets, int span) {
    occurrences = 0;
    int[] cursor = new int[positions.length];
    for (int p : positions[0]) {
      int start = p - offsets[0];
      boolean all = true;
      for (int i = 1; i < positions.length && all; i++) {
        int want = start + offsets[i];
        while (cursor[i] < positions[i].length && positions[i][cursor[i]] < want) {
          cursor[i]++;
        }
        all = cursor[i] < positions[i].length && positions[i][cursor[i]] == want;
      }
      if (all) {
        reserve(occurrences + 1);
        starts[occurrences] = start;
        ends[occurrences] = start + span;
        occurrences++;
      }
    }
    return occurrences;
  }

  private LeafWalk matchesWalk(LeafReaderContext context) throws IOException {
    Scorer scorer = weight.scorer(context);
    if (scorer == null) {
      return EMPTY;
    }
    DocIdSetIterator docs = scorer.iterator();
    return target -> {
      int doc = docs.docID() >= target ? docs.docID() : docs.advance(target);
      if (doc != DocIdSetIterator.NO_MORE_DOCS) {
        intervals(weight.matches(context, doc));
      }
      return doc;
    };
  }

  /**
   * The match intervals of one doc, in start order; a doc with none has one occurrence at no
   * position.
   */
  private void intervals(Matches matches) throws IOException {
    occurrences = 0;
    if (matches != null) {
      for (String field : matches) {
        MatchesIterator it = matches.getMatches(field);
        while (it != null && it.next()) {
          reserve(occurrences + 1);
          starts[occurrences] = it.startPosition();
          ends[occurrences] = it.endPosition();
          occurrences++;
        }
      }
    }
    if (occurrences == 0) {
      reserve(1);
      starts[0] = NO_POSITION;
      ends[0] = NO_POSITION;
      occurrences = 1;
      return;
    }
    long[] order = new long[occurrences];
    for (int i = 0; i < occurrences; i++) {
      order[i] = ((long) starts[i] << 32) | (ends[i] & 0xffffffffL);
    }
    Arrays.sort(order);
    for (int i = 0; i < occurrences; i++) {
      starts[i] = (int) (order[i] >> 32);
      ends[i] = (int) order[i];
    }
  }

  private void reserve(int size) {
    if (size > starts.length) {
      starts = Arrays.copyOf(starts, Math.max(size, 2 * starts.length));
      ends = Arrays.copyOf(ends, starts.length);
    }
  }
}
