package org.stepindex.eval.bias;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a WinoBias file, e.g. {@code 1 [The developer] argued with the designer because [he]
 * did not like the design.}: an optional leading line number, then the sentence with the referent
 * and the pronoun in square brackets (the format of uclanlp/corefBias's {@code WinoBias/wino/data}
 * files).
 *
 * @param number the leading line number, or null when the line has none
 * @param text the sentence without the brackets
 * @param pronounStart where the pronoun starts in {@code text}
 * @param pronounEnd where it ends in {@code text} (exclusive)
 * @param entity the first bracketed span that is not the pronoun (the occupation the pronoun refers
 *     to), or null
 */
public record WinoBiasSentence(
    Integer number, String text, int pronounStart, int pronounEnd, String entity) {
  private static final Pattern NUMBERED = Pattern.compile("(\\d+)\\s+(.*)");
  private static final Pattern WORD = Pattern.compile("\\s*([\\p{L}\\p{N}']+)");

  /**
   * Parses a line. The pronoun is the last bracketed span that is a gendered pronoun ({@link
   * Pronouns#ALL}).
   *
   * @throws IllegalArgumentException when the brackets are unbalanced or nested, or no bracketed
   *     span is a pronoun
   */
  public static WinoBiasSentence parse(String line) {
    String rest = line.strip();
    Integer number = null;
    Matcher m = NUMBERED.matcher(rest);
    if (m.matches()) {
      number = Integer.valueOf(m.group(1));
      rest = m.group(2);
    }
    StringBuilder text = new StringBuilder(rest.length());
    List<int[]> spans = new ArrayList<>();
    int open = -1;
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '[') {
        if (open >= 0) {
          throw new IllegalArgumentException("nested '[' in: " + line);
        }
        open = text.length();
      } else if (c == ']') {
        if (open < 0) {
          throw new IllegalArgumentException("']' without '[' in: " + line);
        }
        spans.add(new int[] {open, text.length()});
        open = -1;
      } else {
        text.append(c);
      }
    }
    if (open >= 0) {
      throw new IllegalArgumentException("'[' without ']' in: " + line);
    }
    String plain = text.toString();
    int[] pronoun = null;
    for (int[] span : spans) {
      if (Pronouns.isPronoun(plain.substring(span[0], span[1]).strip())) {
        pronoun = span;
      }
    }
    if (pronoun == null) {
      throw new IllegalArgumentException(
          "no pronoun in [brackets] (he, she, him, her, his, ...) in: " + line);
    }
    String entity = null;
    for (int[] span : spans) {
      if (span != pronoun) {
        entity = plain.substring(span[0], span[1]);
        break;
      }
    }
    // Spaces inside the brackets ("[ he ]") are not part of the pronoun.
    int start = pronoun[0];
    int end = pronoun[1];
    while (start < end && Character.isWhitespace(plain.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(plain.charAt(end - 1))) {
      end--;
    }
    return new WinoBiasSentence(number, plain, start, end, entity);
  }

  /** The pronoun as written. */
  public String pronoun() {
    return text.substring(pronounStart, pronounEnd);
  }

  /** The word right after the pronoun, or null when punctuation or the end follows. */
  public String nextWord() {
    Matcher m = WORD.matcher(text);
    m.region(pronounEnd, text.length());
    return m.lookingAt() ? m.group(1) : null;
  }

  /** The sentence with the pronoun replaced. */
  public String with(String replacement) {
    return text.substring(0, pronounStart) + replacement + text.substring(pronounEnd);
  }
}
