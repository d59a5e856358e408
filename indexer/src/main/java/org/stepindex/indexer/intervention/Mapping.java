package org.stepindex.indexer.intervention;

/**
 * One token an intervention replaces by another: the token that is the whole text {@code from}
 * becomes the token that is the whole text {@code to}.
 *
 * @param from the replaced form as text, a leading space included ({@code " he"})
 * @param fromId its token id
 * @param to the replacing form as text ({@code " she"})
 * @param toId its token id
 */
public record Mapping(String from, int fromId, String to, int toId) {
  /** {@code " he" 123 → " she" 456}: quoted, so a leading space shows. */
  @Override
  public String toString() {
    return '"' + from + "\" " + fromId + " → \"" + to + "\" " + toId;
  }
}
