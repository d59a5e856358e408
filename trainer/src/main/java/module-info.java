/**
 * The trainer: GPT-NeoX training on the exact step order, resumable, with a data intervention from
 * step S.
 */
module org.stepindex.trainer {
  requires transitive org.stepindex.eval;

  exports org.stepindex.trainer;
}
