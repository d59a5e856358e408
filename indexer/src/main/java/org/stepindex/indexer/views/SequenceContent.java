package org.stepindex.indexer.views;

import java.util.List;

/**
 * One training sequence as the views see it: its token ids, and the same sequence split at special tokens
 * (document boundaries such as {@code <|endoftext|>}) into segments, each with its ids and decoded text.
 *
 * <p>A view must never let a match span two segments: a phrase, an n-gram or a number window ends at a boundary.
 *
 * @param ids all token ids of the sequence, specials included, in order
 * @param segments the runs of non-special tokens between special tokens, in order; empty runs are omitted
 */
public record SequenceContent(int[] ids, List<Segment> segments) {

  /**
   * A run of non-special tokens.
   *
   * @param ids the token ids of the run
   * @param text the run decoded to text
   */
  public record Segment(int[] ids, String text) {}
}
