package org.stepindex.query.history;

import java.util.Arrays;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.View;

/**
 * The tokens of one sequence as the {@code tokens} view indexed them: the index position of each
 * ordinary token, and back from a position to the token's offset in the sequence (special tokens
 * included), the {@code position} that {@code find --view tokens} reports and {@code next} reads on
 * from.
 *
 * <p>The view indexes each run of ordinary tokens between special tokens as one field instance, one
 * position per token, with {@link View#BOUNDARY_GAP} positions after each run, from position -1 as
 * Lucene's indexing chain does.
 */
final class SequenceTokens {
  private final int[] ids;

  /**
   * positions[k] = the index position of the k-th ordinary token; offsets[k] = its offset in ids.
   */
  private final int[] positions;

  private final int[] offsets;

  private SequenceTokens(int[] ids, int[] positions, int[] offsets) {
    this.ids = ids;
    this.positions = positions;
    this.offsets = offsets;
  }

  /** The positions of {@code ids}, special tokens as {@code tokenizer} says. */
  static SequenceTokens of(int[] ids, HfTokenizer tokenizer) {
    int[] positions = new int[ids.length];
    int[] offsets = new int[ids.length];
    int n = 0;
    int position = -1;
    boolean inRun = false;
    for (int i = 0; i < ids.length; i++) {
      if (tokenizer.isSpecial(ids[i])) {
        if (inRun) {
          position += View.BOUNDARY_GAP;
          inRun = false;
        }
        continue;
      }
      inRun = true;
      position++;
      positions[n] = position;
      offsets[n] = i;
      n++;
    }
    return new SequenceTokens(ids, Arrays.copyOf(positions, n), Arrays.copyOf(offsets, n));
  }

  /**
   * The offset in the sequence of the token at index position {@code position}, or -1 if none is
   * there.
   */
  int offsetAt(int position) {
    int k = Arrays.binarySearch(positions, position);
    return k >= 0 ? offsets[k] : -1;
  }

  /** The sequence's ids, special tokens included. */
  int[] ids() {
    return ids;
  }

  /** Whether {@code gram} is at {@code offset}. */
  boolean holds(int offset, int[] gram) {
    if (offset < 0 || offset + gram.length > ids.length) {
      return false;
    }
    for (int i = 0; i < gram.length; i++) {
      if (ids[offset + i] != gram[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The first and one-past-last offsets of {@code context} tokens on each side of {@code [first,
   * last]}, within the run of ordinary tokens that holds them: a context never reaches past a
   * special token.
   */
  int[] around(int first, int last, int context, HfTokenizer tokenizer) {
    int from = first;
    while (from > 0 && first - from < context && !tokenizer.isSpecial(ids[from - 1])) {
      from--;
    }
    int to = last + 1;
    while (to < ids.length && to - 1 - last < context && !tokenizer.isSpecial(ids[to])) {
      to++;
    }
    return new int[] {from, to};
  }
}
