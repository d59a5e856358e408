package org.stepindex.indexer.views;

import java.io.IOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexOptions;

/**
 * The {@code tokens} view: the raw token ids of each segment, one term per token ({@link
 * #term(int)}: the id in decimal), with positions, so that a token n-gram is a phrase query. These
 * are the counts that suffix-array tools such as tokengrams and infini-gram give, except that no
 * n-gram spans a special token.
 *
 * <p>This is the indexing hot path, so the ids go straight from the segment's {@code int[]} into
 * the term buffer through a small {@link TokenStream} that IndexWriter reuses from one segment and
 * one document to the next.
 */
public final class TokensView implements View {
  /** The view's name and field name. */
  public static final String NAME = "tokens";

  /** Positions for n-grams; no norms, because counts never score by length. */
  private static final FieldType TYPE =
      CountingFieldType.of(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);

  /** Creates the view; it holds no state. */
  public TokensView() {}

  /**
   * The term of a token id in this view's field.
   *
   * @param id a token id
   * @return the id in decimal, e.g. {@code "50256"}
   */
  public static String term(int id) {
    return Integer.toString(id);
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

  /** Adds one {@value #NAME} field instance per segment, over the segment's ids. */
  @Override
  public void addTo(Document doc, SequenceContent sequence) {
    for (SequenceContent.Segment segment : sequence.segments()) {
      doc.add(new IdsField(segment.ids()));
    }
  }

  /**
   * One segment's instance of the field. IndexWriter hands back the stream it used for the previous
   * instance of the field; reusing it saves building an attribute source per segment.
   */
  private static final class IdsField extends Field {
    private final int[] ids;

    IdsField(int[] ids) {
      super(NAME, TYPE);
      this.ids = ids;
    }

    @Override
    public TokenStream tokenStream(Analyzer analyzer, TokenStream reuse) {
      IdsTokenStream stream =
          reuse instanceof IdsTokenStream previous ? previous : new IdsTokenStream();
      stream.setIds(ids);
      return stream;
    }
  }

  /** Emits each id as its decimal term, one position apart, without building strings. */
  private static final class IdsTokenStream extends TokenStream {
    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private final PositionIncrementAttribute posIncAtt =
        addAttribute(PositionIncrementAttribute.class);
    private int[] ids = new int[0];
    private int next;

    void setIds(int[] ids) {
      this.ids = ids;
    }

    @Override
    public boolean incrementToken() {
      if (next == ids.length) {
        return false;
      }
      clearAttributes();
      appendDecimal(ids[next++]);
      posIncAtt.setPositionIncrement(1);
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      next = 0;
    }

    private void appendDecimal(int id) {
      if (id < 0) {
        termAtt.append(term(id)); // never for real vocabularies; kept correct, not fast
        return;
      }
      int digits = 1;
      for (int rest = id / 10; rest != 0; rest /= 10) {
        digits++;
      }
      char[] buffer = termAtt.resizeBuffer(digits);
      for (int i = digits - 1, rest = id; i >= 0; i--, rest /= 10) {
        buffer[i] = (char) ('0' + rest % 10);
      }
      termAtt.setLength(digits);
    }
  }
}
