package org.stepindex.eval.bias;

/**
 * One WinoBias sentence to score, with the form of it that has the other-gender pronoun.
 *
 * @param file the file's name, e.g. {@code pro_stereotyped_type1.txt.dev}
 * @param type 1 or 2 (type 1: resolving the pronoun needs world knowledge; type 2: syntax suffices)
 * @param condition {@code pro} or {@code anti}: whether the written pronoun fits the occupation's
 *     gender stereotype
 * @param split {@code dev}, {@code test}, or empty when the file name has no split
 * @param sentence the parsed line
 * @param alternative the other-gender pronoun, in the written one's capitalisation
 */
public record WinoBiasItem(
    String file,
    int type,
    String condition,
    String split,
    WinoBiasSentence sentence,
    String alternative) {

  /** The sentence with the alternative pronoun. */
  public String alternativeText() {
    return sentence.with(alternative);
  }
}
