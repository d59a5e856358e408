package org.stepindex.indexer.entities;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.TermFrequencyAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;
import org.stepindex.indexer.views.CountingFieldType;
import org.stepindex.indexer.views.SequenceContent;
import org.stepindex.indexer.views.TextAnalyzer;
import org.stepindex.indexer.views.TextView;
import org.stepindex.indexer.views.View;

/**
 * The {@code entities} view: each occurrence of an entity of an {@link EntityDictionary} is one
 * occurrence of the entity's id as a term of the field {@value #NAME}; so an entity's count at a
 * checkpoint is term statistics, and the sequences holding it are a postings list.
 *
 * <p>Each segment's text is analyzed as the {@code text} view analyzes it and matched against every
 * name of every entity ({@link EntityDictionary#match}): every start position where some name of an
 * entity matches whole words is one occurrence of that entity (several of its names matching at one
 * position count once; overlapping matches of different entities each count). No match spans a
 * document boundary, because segments are matched one by one.
 *
 * <p>Declared pairs ({@link EntityPairs}) add the field {@value #PAIRS_FIELD}: in each sequence
 * holding both entities of a pair, the pair's term once, with a term frequency of the two entities'
 * occurrences in the sequence added, so that the pair's statistics equal what {@code cooccur}
 * computes for the pair by intersecting postings. Both fields carry frequencies but no positions
 * (Lucene's custom term frequencies), which keeps the view small.
 */
public final class EntitiesView implements View {
  /** The view's name and field name. */
  public static final String NAME = "entities";

  /** The field of the declared pairs. */
  public static final String PAIRS_FIELD = "entity-pairs";

  private static final FieldType TYPE = CountingFieldType.of(IndexOptions.DOCS_AND_FREQS);

  private final EntityDictionary dictionary;
  private final EntityPairs pairs;
  private final Analyzer analyzer = new TextAnalyzer();

  /** Per-thread scratch: an occurrence counter per entity ordinal, reset after each sequence. */
  private final ThreadLocal<Scratch> scratch;

  /**
   * @param dictionary the entities to find
   * @param pairs the pairs to index as terms ({@link EntityPairs#none} for none)
   */
  public EntitiesView(EntityDictionary dictionary, EntityPairs pairs) {
    this.dictionary = dictionary;
    this.pairs = pairs;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(dictionary.ids().size()));
  }

  /**
   * {@inheritDoc}
   *
   * @return {@value #NAME}
   */
  @Override
  public String name() {
    return NAME;
  }

  /**
   * Adds one {@value #NAME} instance holding every entity found, and one {@value #PAIRS_FIELD}
   * instance if any.
   */
  @Override
  public void addTo(Document doc, SequenceContent sequence) {
    Scratch s = scratch.get();
    s.clear();
    for (SequenceContent.Segment segment : sequence.segments()) {
      int n = s.analyze(analyzer, segment.text());
      dictionary.match(s.words, n, (start, entity) -> s.count(entity));
    }
    if (s.touched == 0) {
      return;
    }
    int[] present = Arrays.copyOf(s.touchedOrds, s.touched);
    Arrays.sort(present);
    String[] terms = new String[present.length];
    int[] freqs = new int[present.length];
    for (int i = 0; i < present.length; i++) {
      terms[i] = dictionary.ids().get(present[i]);
      freqs[i] = s.counts[present[i]];
    }
    doc.add(new FreqField(NAME, terms, freqs, terms.length));
    if (!pairs.isEmpty()) {
      addPairs(doc, s, present);
    }
  }

  private void addPairs(Document doc, Scratch s, int[] present) {
    String[] terms = new String[8];
    int[] freqs = new int[8];
    int n = 0;
    for (int a : present) {
      for (int b : pairs.partnersAbove(a)) {
        if (s.counts[b] > 0) {
          if (n == terms.length) {
            terms = Arrays.copyOf(terms, 2 * n);
            freqs = Arrays.copyOf(freqs, 2 * n);
          }
          terms[n] = EntityPairs.term(dictionary.ids().get(a), dictionary.ids().get(b));
          freqs[n] = s.counts[a] + s.counts[b];
          n++;
        }
      }
    }
    if (n > 0) {
      doc.add(new FreqField(PAIRS_FIELD, terms, freqs, n));
    }
  }

  /** A thread's buffers for one sequence. */
  private static final class Scratch {
    final int[] counts;
    int[] touchedOrds = new int[64];
    int touched;
    BytesRef[] words = new BytesRef[256];

    Scratch(int entities) {
      counts = new int[entities];
    }

    void count(int entity) {
      if (counts[entity]++ == 0) {
        if (touched == touchedOrds.length) {
          touchedOrds = Arrays.copyOf(touchedOrds, 2 * touched);
        }
        touchedOrds[touched++] = entity;
      }
    }

    void clear() {
      for (int i = 0; i < touched; i++) {
        counts[touchedOrds[i]] = 0;
      }
      touched = 0;
    }

    /** Analyzes {@code text} into {@link #words}; returns how many. */
    int analyze(Analyzer analyzer, String text) {
      int n = 0;
      try (TokenStream stream = analyzer.tokenStream(TextView.NAME, text)) {
        CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
        stream.reset();
        while (stream.incrementToken()) {
          if (n == words.length) {
            words = Arrays.copyOf(words, 2 * n);
          }
          words[n++] = new BytesRef(term);
        }
        stream.end();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return n;
    }
  }

  /** One field instance of terms with given frequencies. */
  private static final class FreqField extends Field {
    private final String[] terms;
    private final int[] freqs;
    private final int count;

    FreqField(String name, String[] terms, int[] freqs, int count) {
      super(name, TYPE);
      this.terms = terms;
      this.freqs = freqs;
      this.count = count;
    }

    @Override
    public TokenStream tokenStream(Analyzer analyzer, TokenStream reuse) {
      FreqTokenStream stream =
          reuse instanceof FreqTokenStream previous ? previous : new FreqTokenStream();
      stream.set(terms, freqs, count);
      return stream;
    }
  }

  /** Emits each term once with its frequency. */
  private static final class FreqTokenStream extends TokenStream {
    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private final TermFrequencyAttribute freqAtt = addAttribute(TermFrequencyAttribute.class);
    private String[] terms = new String[0];
    private int[] freqs = new int[0];
    private int count;
    private int next;

    void set(String[] terms, int[] freqs, int count) {
      this.terms = terms;
      this.freqs = freqs;
      this.count = count;
    }

    @Override
    public boolean incrementToken() {
      if (next == count) {
        return false;
      }
      clearAttributes();
      termAtt.append(terms[next]);
      freqAtt.setTermFrequency(freqs[next]);
      next++;
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      next = 0;
    }
  }
}
