package org.stepindex.eval.tasks;

import java.util.Locale;
import java.util.regex.Pattern;
import org.stepindex.indexer.views.PythonClasses;

/**
 * SQuAD's answer normalization ({@code normalize_answer} of the SQuAD v1.1 evaluation script, used
 * unchanged by the Pythia study's {@code trivia_qa.py}): lower-case, remove ASCII punctuation
 * ({@code string.punctuation}), replace the words a, an and the by a space, then collapse runs of
 * whitespace to one space and trim. So {@code "The Beatles!"} and {@code "beatles"} are equal, and
 * {@code "U.S.A."} becomes {@code "usa"}.
 */
public final class SquadNormalizer {
  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  // Python's \b(a|an|the)\b with Python's \w (letters, numbers, _; not combining marks, unlike
  // Java's Unicode \b).
  private static final Pattern ARTICLES =
      Pattern.compile("(?<!" + PythonClasses.WORD + ")(a|an|the)(?!" + PythonClasses.WORD + ")");

  private SquadNormalizer() {}

  /** The normalized form of {@code text}. */
  public static String normalize(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    StringBuilder kept = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (PUNCTUATION.indexOf(c) < 0) {
        kept.append(c);
      }
    }
    return collapseWhitespace(ARTICLES.matcher(kept).replaceAll(" "));
  }

  // Python's ' '.join(s.split()): split on str.isspace characters, drop empty parts.
  private static String collapseWhitespace(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean pendingSpace = false;
    for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
      int c = s.codePointAt(i);
      if (PythonClasses.isSpace(c)) {
        pendingSpace = out.length() > 0;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.appendCodePoint(c);
      }
    }
    return out.toString();
  }
}
