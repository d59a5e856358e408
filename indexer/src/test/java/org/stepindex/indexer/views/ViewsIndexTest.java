package org.stepindex.indexer.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/**
 * Indexes sequences with all views into a real Lucene index and checks every posting (document,
 * frequency and, where indexed, positions) against brute-force counts over the same sequences.
 */
class ViewsIndexTest {
  private static final String SEQ = "seq";
  private static final int SEQUENCES = 300;

  /**
   * Per sequence, per term: the positions of the term (or, for a field without positions, one entry
   * per count).
   */
  private record Expected(List<Map<String, List<Integer>>> perSequence) {}

  @Test
  void postingsMatchBruteForceForEveryView() throws IOException {
    RandomText random = new RandomText(42);
    List<SequenceContent> sequences = new ArrayList<>();
    for (int i = 0; i < SEQUENCES; i++) {
      sequences.add(random.sequence(4));
    }
    assertTrue(sequences.stream().filter(s -> s.segments().size() > 1).count() > SEQUENCES / 2);

    try (Directory dir = index(sequences);
        DirectoryReader reader = DirectoryReader.open(dir)) {
      assertEquals(SEQUENCES, reader.numDocs());
      assertPostings(reader, TextView.NAME, expectedText(sequences), true);
      assertPostings(reader, TokensView.NAME, expectedTokens(sequences), true);
      assertPostings(reader, PythiaNumbersView.NAME, expectedPythia(sequences), false);

      FieldInfos fields = FieldInfos.getMergedFieldInfos(reader);
      for (View view : Views.parse("text,tokens,pythia-numbers")) {
        FieldInfo info = fields.fieldInfo(view.name());
        assertTrue(info.omitsNorms(), view.name());
        assertFalse(info.hasTermVectors(), view.name());
      }
      assertEquals(
          IndexOptions.DOCS_AND_FREQS_AND_POSITIONS, fields.fieldInfo("text").getIndexOptions());
      assertEquals(
          IndexOptions.DOCS_AND_FREQS_AND_POSITIONS, fields.fieldInfo("tokens").getIndexOptions());
      assertEquals(
          IndexOptions.DOCS_AND_FREQS, fields.fieldInfo("pythia-numbers").getIndexOptions());
    }
  }

  @Test
  void noPhraseOrNGramCrossesASegmentBoundaryButAStudyNumberWindowDoes() throws IOException {
    List<SequenceContent> sequences =
        List.of(
            sequence(segment("Alpha omega 7 plus", 5, 6), segment("zeta beta 12 now", 7, 8)),
            sequence(segment("omega zeta 7 plus 12", 6, 7)));
    try (Directory dir = index(sequences);
        DirectoryReader reader = DirectoryReader.open(dir)) {
      IndexSearcher searcher = new IndexSearcher(reader);
      assertEquals(List.of(1), hits(searcher, new PhraseQuery("text", "omega", "zeta")));
      assertEquals(List.of(1), hits(searcher, new PhraseQuery(1000, "text", "omega", "zeta")));
      assertEquals(List.of(0), hits(searcher, new PhraseQuery("text", "alpha", "omega")));
      assertEquals(List.of(0), hits(searcher, new PhraseQuery("text", "zeta", "beta")));
      // with a slop past the gap, a proximity query does reach across: the gap is finite, as
      // documented
      assertEquals(
          List.of(0, 1),
          hits(searcher, new PhraseQuery(View.BOUNDARY_GAP + 10, "text", "omega", "zeta")));

      assertEquals(List.of(1), hits(searcher, new PhraseQuery("tokens", "6", "7")));
      assertEquals(List.of(0), hits(searcher, new PhraseQuery("tokens", "5", "6")));
      assertEquals(List.of(0), hits(searcher, new PhraseQuery("tokens", "7", "8")));

      // the study's counter reads the whole decoded sequence: " 7 plus<|endoftext|>zeta beta 12" is
      // a window
      assertEquals(
          List.of(0, 1), hits(searcher, new TermQuery(new Term("pythia-numbers", "7-12"))));
      assertEquals(List.of(0, 1), hits(searcher, new TermQuery(new Term("pythia-numbers", "12"))));
      assertEquals(List.of(0, 1), hits(searcher, new TermQuery(new Term("pythia-numbers", "7"))));
    }
  }

  private static Directory index(List<SequenceContent> sequences) throws IOException {
    Directory dir = new ByteBuffersDirectory();
    List<View> views = Views.parse(String.join(",", Views.names()));
    try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(Views.indexAnalyzer()))) {
      for (int i = 0; i < sequences.size(); i++) {
        Document doc = new Document();
        // maps a document back to its sequence whatever order merges leave the documents in
        doc.add(new NumericDocValuesField(SEQ, i));
        for (View view : views) {
          view.addTo(doc, sequences.get(i));
        }
        writer.addDocument(doc);
      }
    }
    return dir;
  }

  /**
   * Text: words in order; each later segment starts {@code BOUNDARY_GAP} positions after the last
   * one ended.
   */
  private static Expected expectedText(List<SequenceContent> sequences) {
    return expect(sequences, segment -> BruteForce.words(segment.text()));
  }

  private static Expected expectedTokens(List<SequenceContent> sequences) {
    return expect(
        sequences,
        segment -> {
          List<String> terms = new ArrayList<>();
          for (int id : segment.ids()) {
            terms.add(Integer.toString(id));
          }
          return terms;
        });
  }

  /**
   * Pythia numbers count the whole sequence's text, specials included, as the study's script does;
   * they have no positions, so each count is one entry (position -1, what Lucene reports).
   */
  private static Expected expectedPythia(List<SequenceContent> sequences) {
    List<Map<String, List<Integer>>> perSequence = new ArrayList<>();
    for (SequenceContent sequence : sequences) {
      Map<String, List<Integer>> terms = new HashMap<>();
      BruteForce.pythiaCounts(PythiaNumbers.line(sequence.text()))
          .forEach(
              (term, count) -> {
                for (int c = 0; c < count; c++) {
                  terms.computeIfAbsent(term, t -> new ArrayList<>()).add(-1);
                }
              });
      perSequence.add(terms);
    }
    return new Expected(perSequence);
  }

  private static Expected expect(
      List<SequenceContent> sequences, Function<SequenceContent.Segment, List<String>> terms) {
    List<Map<String, List<Integer>>> perSequence = new ArrayList<>();
    for (SequenceContent sequence : sequences) {
      Map<String, List<Integer>> positions = new HashMap<>();
      int start = 0;
      for (SequenceContent.Segment segment : sequence.segments()) {
        List<String> segmentTerms = terms.apply(segment);
        for (int i = 0; i < segmentTerms.size(); i++) {
          positions.computeIfAbsent(segmentTerms.get(i), t -> new ArrayList<>()).add(start + i);
        }
        start += segmentTerms.size() + View.BOUNDARY_GAP;
      }
      perSequence.add(positions);
    }
    return new Expected(perSequence);
  }

  private static void assertPostings(
      DirectoryReader reader, String field, Expected expected, boolean positions)
      throws IOException {
    List<Map<String, List<Integer>>> actual = new ArrayList<>();
    for (int i = 0; i < SEQUENCES; i++) {
      actual.add(new HashMap<>());
    }
    for (LeafReaderContext leaf : reader.leaves()) {
      LeafReader leafReader = leaf.reader();
      int[] sequenceOf = sequenceNumbers(leafReader);
      Terms terms = leafReader.terms(field);
      assertEquals(positions, terms.hasPositions(), field);
      TermsEnum termsEnum = terms.iterator();
      for (BytesRef term = termsEnum.next(); term != null; term = termsEnum.next()) {
        String text = term.utf8ToString();
        PostingsEnum postings =
            termsEnum.postings(null, positions ? PostingsEnum.POSITIONS : PostingsEnum.FREQS);
        for (int doc = postings.nextDoc();
            doc != DocIdSetIterator.NO_MORE_DOCS;
            doc = postings.nextDoc()) {
          List<Integer> list =
              actual.get(sequenceOf[doc]).computeIfAbsent(text, t -> new ArrayList<>());
          for (int f = 0; f < postings.freq(); f++) {
            list.add(positions ? postings.nextPosition() : -1);
          }
        }
      }
    }
    for (int i = 0; i < SEQUENCES; i++) {
      assertEquals(
          new TreeMap<>(expected.perSequence().get(i)),
          new TreeMap<>(actual.get(i)),
          field + " sequence " + i);
    }

    // The index-wide statistics a count at a shard boundary is made of.
    Map<String, long[]> totals = new HashMap<>(); // term -> {docFreq, totalTermFreq}
    for (Map<String, List<Integer>> sequence : expected.perSequence()) {
      sequence.forEach(
          (term, list) -> {
            long[] t = totals.computeIfAbsent(term, k -> new long[2]);
            t[0]++;
            t[1] += list.size();
          });
    }
    assertTrue(totals.size() > 10, field + " must have terms to check, has " + totals.size());
    TermsEnum all = MultiTerms.getTerms(reader, field).iterator();
    int seen = 0;
    for (BytesRef term = all.next(); term != null; term = all.next(), seen++) {
      long[] t = totals.get(term.utf8ToString());
      assertEquals(t[0], all.docFreq(), field + ":" + term.utf8ToString());
      assertEquals(t[1], all.totalTermFreq(), field + ":" + term.utf8ToString());
    }
    assertEquals(totals.size(), seen, field);
  }

  private static int[] sequenceNumbers(LeafReader leaf) throws IOException {
    int[] sequenceOf = new int[leaf.maxDoc()];
    NumericDocValues values = leaf.getNumericDocValues(SEQ);
    for (int doc = 0; doc < leaf.maxDoc(); doc++) {
      assertTrue(values.advanceExact(doc));
      sequenceOf[doc] = (int) values.longValue();
    }
    return sequenceOf;
  }

  private static List<Integer> hits(IndexSearcher searcher, Query query) throws IOException {
    List<Integer> sequences = new ArrayList<>();
    for (var hit : searcher.search(query, 10).scoreDocs) {
      sequences.add(hit.doc); // one small segment written in order: doc id is the sequence number
    }
    sequences.sort(null);
    return sequences;
  }

  private static SequenceContent.Segment segment(String text, int... ids) {
    return new SequenceContent.Segment(ids, text);
  }

  private static SequenceContent sequence(SequenceContent.Segment... segments) {
    List<Integer> ids = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (SequenceContent.Segment segment : segments) {
      if (!ids.isEmpty()) {
        ids.add(0);
        text.append(RandomText.SPECIAL);
      }
      for (int id : segment.ids()) {
        ids.add(id);
      }
      text.append(segment.text());
    }
    return new SequenceContent(
        ids.stream().mapToInt(Integer::intValue).toArray(), text.toString(), List.of(segments));
  }
}
