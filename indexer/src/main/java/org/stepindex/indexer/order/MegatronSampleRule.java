package org.stepindex.indexer.order;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * GPT-NeoX's sample rule ({@code GPT2Dataset.__getitem__}, {@code megatron/data/gpt2_dataset.py}
 * lines 92-181 at EleutherAI/gpt-neox commit ea7aefd), as a pure function of the maps: training
 * sample {@code j} is row {@code r = shuffle_idx[j]} of {@code sample_idx}; rows {@code r} and
 * {@code r + 1} give the first and last document ({@code doc_idx} positions {@code f <= l}) and the
 * offsets {@code o_f}, {@code o_l} in them. The sample is
 *
 * <ul>
 *   <li>{@code f == l}: tokens {@code [o_f, o_l + 1)} of document {@code doc_idx[f]} (lines
 *       117-131);
 *   <li>{@code f < l}: document {@code doc_idx[f]} from {@code o_f} to its end, every document
 *       {@code doc_idx[i]} for {@code f < i < l} whole, and tokens {@code [0, o_l + 1)} of {@code
 *       doc_idx[l]} (lines 132-168);
 * </ul>
 *
 * <p>then cut to {@code seq_length + 1} tokens, or padded with token 0 up to it (lines 169-181).
 * The end offset is inclusive: {@code build_sample_idx} ({@code megatron/data/helpers.cpp} lines
 * 134-160) ends each sample on the token the next one starts with ({@code doc_offset += remaining +
 * doc_length - 1}, line 148), so consecutive samples share their boundary token, as the model's
 * input and shifted target need.
 */
public final class MegatronSampleRule {

  /**
   * A run of tokens of one document of the unshuffled data.
   *
   * @param document the document (a sequence of the Megatron {@code .idx})
   * @param offset the first token, within the document
   * @param length the number of tokens
   */
  public record Piece(long document, long offset, int length) {}

  private MegatronSampleRule() {}

  /**
   * The pieces of the sample between two rows of {@code sample_idx}, cut to {@code tokens} tokens;
   * a sample whose pieces hold fewer is padded with token 0 by the caller up to {@code tokens}.
   *
   * @param firstDoc {@code sample_idx[r][0]}, the position in {@code doc_idx} of the first document
   * @param firstOffset {@code sample_idx[r][1]}, the offset in it
   * @param lastDoc {@code sample_idx[r + 1][0]}
   * @param lastOffset {@code sample_idx[r + 1][1]}, inclusive
   * @param docIdx {@code doc_idx}: position to document
   * @param documentSize the number of tokens of a document
   * @param tokens GPT-NeoX's {@code seq_length + 1}, stepindex's {@code --seq-length}
   * @return the pieces, in order, holding at most {@code tokens} tokens
   */
  public static List<Piece> pieces(
      long firstDoc,
      long firstOffset,
      long lastDoc,
      long lastOffset,
      LongUnaryOperator docIdx,
      LongUnaryOperator documentSize,
      int tokens) {
    List<Piece> pieces = new ArrayList<>(4);
    long room = tokens;
    if (firstDoc == lastDoc) {
      room =
          add(
              pieces,
              docIdx.applyAsLong(firstDoc),
              firstOffset,
              lastOffset - firstOffset + 1,
              room);
    } else {
      long first = docIdx.applyAsLong(firstDoc);
      room = add(pieces, first, firstOffset, documentSize.applyAsLong(first) - firstOffset, room);
      for (long i = firstDoc + 1; i < lastDoc && room > 0; i++) {
        long document = docIdx.applyAsLong(i);
        room = add(pieces, document, 0, documentSize.applyAsLong(document), room);
      }
      room = add(pieces, docIdx.applyAsLong(lastDoc), 0, lastOffset + 1, room);
    }
    return pieces;
  }

  /** Adds what fits of a piece (none of an empty one); returns the room left. */
  private static long add(List<Piece> pieces, long document, long offset, long length, long room) {
    int taken = (int) Math.min(length, room);
    if (taken > 0) {
      pieces.add(new Piece(document, offset, taken));
    }
    return room - Math.max(taken, 0);
  }
}
