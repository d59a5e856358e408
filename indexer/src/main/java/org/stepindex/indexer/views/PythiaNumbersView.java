package org.stepindex.indexer.views;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexOptions;

/**
 * The {@code pythia-numbers} view: the Pythia paper's number and number-pair counts ({@link PythiaNumbers}). Each
 * term a segment counts is indexed once per time it is counted, so a term's frequency in a document is the number of
 * windows of the sequence that count it, and its total term frequency over a step range is the paper's count.
 *
 * <p>Terms are numbers as written ({@code 12}) and sorted pairs ({@code 7-12}); turn a user's query into a term with
 * {@link PythiaNumbers#normalizeQuery(String)}. Windows end at segment boundaries because each segment is counted on
 * its own.
 */
public final class PythiaNumbersView implements View {
  /** The view's name and field name. */
  public static final String NAME = "pythia-numbers";

  /** Frequencies are the whole point and positions would mean nothing: terms of a window share no word position. */
  private static final FieldType TYPE = new FieldType();

  static {
    TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
    TYPE.setTokenized(true);
    TYPE.setOmitNorms(true);
    TYPE.setStored(false);
    TYPE.setStoreTermVectors(false);
    TYPE.freeze();
  }

  /** Creates the view; it holds no state. */
  public PythiaNumbersView() {}

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
   * Adds one {@value #NAME} field instance per segment that counts any term; a segment without windows adds nothing,
   * which indexes the same as an empty instance.
   */
  @Override
  public void addTo(Document doc, SequenceContent sequence) {
    for (SequenceContent.Segment segment : sequence.segments()) {
      List<String> terms = PythiaNumbers.terms(segment.text());
      if (!terms.isEmpty()) {
        doc.add(new TermsField(terms));
      }
    }
  }

  /** One segment's instance of the field; reuses the stream IndexWriter used for the previous instance. */
  private static final class TermsField extends Field {
    private final List<String> terms;

    TermsField(List<String> terms) {
      super(NAME, TYPE);
      this.terms = terms;
    }

    @Override
    public TokenStream tokenStream(Analyzer analyzer, TokenStream reuse) {
      TermsTokenStream stream = reuse instanceof TermsTokenStream previous ? previous : new TermsTokenStream();
      stream.setTerms(terms);
      return stream;
    }
  }

  /** Emits a list of terms as they are. */
  private static final class TermsTokenStream extends TokenStream {
    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private List<String> terms = List.of();
    private int next;

    void setTerms(List<String> terms) {
      this.terms = terms;
    }

    @Override
    public boolean incrementToken() {
      if (next == terms.size()) {
        return false;
      }
      clearAttributes();
      termAtt.append(terms.get(next++));
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      next = 0;
    }
  }
}
