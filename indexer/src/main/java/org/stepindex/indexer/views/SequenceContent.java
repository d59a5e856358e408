package org.stepindex.indexer.views;

import java.util.List;

/**
 * One training sequence as the views see it: its token ids, its whole decoded text, and the same
 * sequence split at special tokens (document boundaries such as {@code <|endoftext|>}) into
 * segments, each with its ids and decoded text.
 *
 * <p>Views count segments, so that a phrase or an n-gram never spans two documents. The one
 * exception is {@code pythia-numbers}, which reproduces a script that counted the whole decoded
 * sequence, specials and all.
 *
 * @param ids all token ids of the sequence, specials included, in order
 * @param text the whole sequence decoded as Hugging Face's {@code decode(ids,
 *     skip_special_tokens=False)} does: special tokens appear as their text
 * @param segments the runs of non-special tokens between special tokens, in order; empty runs are
 *     omitted
 */
public record SequenceContent(int[] ids, String text, List<Segment> segments) {

  /**
   * A run of non-special tokens.
   *
   * @param ids the token ids of the run
   * @param text the run decoded to text
   */
  public record Segment(int[] ids, String text) {}
}
