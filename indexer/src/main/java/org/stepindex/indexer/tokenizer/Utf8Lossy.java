package org.stepindex.indexer.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 exactly as Rust's {@code String::from_utf8_lossy} does, which is what Hugging Face's
 * ByteLevel decoder returns: each maximal invalid subpart (Unicode §3.9, "U+FFFD substitution of
 * maximal subparts") becomes one U+FFFD.
 *
 * <p>Java's own decoder is not the same: it replaces an encoded surrogate ({@code ED A0 80}) with
 * one U+FFFD where Rust gives three, because it reads the three bytes before it rejects the code
 * point. So this class finds the invalid subparts itself, with Rust's table of valid second bytes,
 * and leaves only the valid runs to the JDK, whose decoding of valid UTF-8 is exact and fast.
 */
final class Utf8Lossy {

  private static final char REPLACEMENT = '\uFFFD';

  private Utf8Lossy() {}

  /**
   * Decodes {@code bytes[from..to)}, replacing invalid UTF-8 as Rust's {@code from_utf8_lossy}
   * does.
   *
   * @return the text
   */
  static String decode(byte[] bytes, int from, int to) {
    int i = skipValid(bytes, from, to);
    if (i == to) {
      return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }
    StringBuilder text = new StringBuilder(to - from);
    int start = from;
    while (i < to) {
      text.append(new String(bytes, start, i - start, StandardCharsets.UTF_8)).append(REPLACEMENT);
      i -= next(bytes, i, to);
      start = i;
      i = skipValid(bytes, i, to);
    }
    return text.append(new String(bytes, start, to - start, StandardCharsets.UTF_8)).toString();
  }

  /**
   * Returns the start of the first invalid subpart at or after {@code i}, or {@code to} when there
   * is none.
   */
  private static int skipValid(byte[] bytes, int i, int to) {
    while (i < to) {
      if (bytes[i] >= 0) {
        i++;
      } else {
        int width = next(bytes, i, to);
        if (width < 0) {
          return i;
        }
        i += width;
      }
    }
    return to;
  }

  /**
   * Returns the length of the valid character that starts at {@code i}, or minus the length of the
   * maximal invalid subpart that starts there (a lead byte and the continuation bytes it accepted
   * before the sequence broke or the input ended).
   */
  private static int next(byte[] bytes, int i, int to) {
    int lead = bytes[i] & 0xFF;
    if (lead < 0x80) {
      return 1;
    }
    int width;
    int low = 0x80;
    int high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      width = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      width = 3;
      // E0 80..9F would be overlong, ED A0..BF a surrogate.
      low = lead == 0xE0 ? 0xA0 : 0x80;
      high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      width = 4;
      // F0 80..8F would be overlong, F4 90..BF past U+10FFFF.
      low = lead == 0xF0 ? 0x90 : 0x80;
      high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
      return -1; // a continuation byte, an overlong lead (C0, C1) or a lead past U+10FFFF (F5..FF)
    }
    if (i + 1 >= to || (bytes[i + 1] & 0xFF) < low || (bytes[i + 1] & 0xFF) > high) {
      return -1;
    }
    for (int k = 2; k < width; k++) {
      if (i + k >= to || (bytes[i + k] & 0xC0) != 0x80) {
        return -k;
      }
    }
    return width;
  }
}
