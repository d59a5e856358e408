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
 * The {@code pythia-numbers} view: the Pythia study's number, number-pair and time-unit counts
 * ({@link PythiaNumbers}). Each key the script counts in a sequence is indexed once per time it is
 * counted, so a key's frequency in a document is the script's count for that sequence, its total
 * term frequency over a step range is the script's count summed over the sequences of the range
 * (occurrences), and its document frequency is the number of sequences whose count is at least one.
 *
 * <p>Keys are the script's: {@code 12}, {@code 7-12}, {@code 12-minute}; turn a user's query into a
 * key with {@link PythiaNumbers#normalizeQuery(String)}. Unlike the other views this one counts the
 * whole decoded sequence, special tokens as text included, because the script did: a window may
 * span a document boundary.
 */
public final class PythiaNumbersView implements View {
  /** The view's name and field name. */
  public static final String NAME = "pythia-numbers";

  /**
   * Frequencies are the whole point and positions would mean nothing: terms of a window share no
   * word position.
   */
  private static final FieldType TYPE = CountingFieldType.of(IndexOptions.DOCS_AND_FREQS);

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
   * Adds one {@value #NAME} field instance with the sequence's keys, or nothing when it has none.
   */
  @Override
  public void addTo(Document doc, SequenceContent sequence) {
    List<String> terms = PythiaNumbers.terms(PythiaNumbers.line(sequence.text()));
    if (!terms.isEmpty()) {
      doc.add(new TermsField(terms));
    }
  }

  /**
   * The sequence's instance of the field; reuses the stream IndexWriter used for the previous
   * instance.
   */
  private static final class TermsField extends Field {
    private final List<String> terms;

    TermsField(List<String> terms) {
      super(NAME, TYPE);
      this.terms = terms;
    }

    @Override
    public TokenStream tokenStream(Analyzer analyzer, TokenStream reuse) {
      TermsTokenStream stream =
          reuse instanceof TermsTokenStream previous ? previous : new TermsTokenStream();
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
