package org.stepindex.indexer.views;

/**
 * Python 3's Unicode character classes for {@code str} patterns and methods, which the Pythia
 * study's scripts rely on and which Java's differ from: {@code \d} is general category Nd; {@code
 * \w} is any letter (L*), any number (N*) or {@code _} (not combining marks, unlike Java's {@code
 * UNICODE_CHARACTER_CLASS}); {@code \s} and {@code str.split()} use {@code str.isspace}, which
 * includes U+001C–U+001F and U+0085 (unlike Java's white space). Characters newer than the scripts'
 * Unicode version follow Java's character database.
 */
public final class PythonClasses {
  /** {@code \d} as a Java regular expression. */
  public static final String DIGIT = "\\p{Nd}";

  /** The members of {@code \w}, for use inside a Java character class. */
  public static final String WORD_MEMBERS = "\\p{L}\\p{N}_";

  /** {@code \w} as a Java regular expression. */
  public static final String WORD = "[" + WORD_MEMBERS + "]";

  /**
   * {@code string.punctuation} (the 32 ASCII punctuation characters), for use inside a Java
   * character class.
   */
  public static final String PUNCTUATION_MEMBERS = "!-/:-@\\[-`{-~";

  /** The members of {@code \s}, for use inside a Java character class. */
  public static final String SPACE_MEMBERS =
      "\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";

  /** {@code \s} as a Java regular expression. */
  public static final String SPACE = "[" + SPACE_MEMBERS + "]";

  private PythonClasses() {}

  /**
   * Python's {@code str.isspace} for one code point.
   *
   * @param cp the code point
   * @return whether Python counts it as white space
   */
  public static boolean isSpace(int cp) {
    return switch (cp) {
      case '\t',
          '\n',
          0x0B,
          '\f',
          '\r',
          0x1C,
          0x1D,
          0x1E,
          0x1F,
          ' ',
          0x85,
          0xA0,
          0x1680,
          0x2028,
          0x2029,
          0x202F,
          0x205F,
          0x3000 ->
          true;
      default -> cp >= 0x2000 && cp <= 0x200A;
    };
  }
}
