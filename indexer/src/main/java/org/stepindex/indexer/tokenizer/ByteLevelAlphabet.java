package org.stepindex.indexer.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * GPT-2's {@code bytes_to_unicode} table: the 256 printable characters that byte-level BPE uses to
 * spell bytes.
 *
 * <p>Bytes that are printable Latin-1 ({@code !}..{@code ~}, {@code ¡}..{@code ¬}, {@code
 * ®}..{@code ÿ}) stand for themselves; the other 68 bytes, in increasing order, take the characters
 * from U+0100 on (so the space byte 0x20 is {@code Ġ}, U+0120). Both the tokenizer writer and the
 * fast decoder use this one table, and the tests check both against the Hugging Face
 * implementation.
 */
final class ByteLevelAlphabet {

  /** One past the largest character the table uses (U+0143). */
  private static final int CHAR_LIMIT = 0x144;

  private static final char[] CHAR_OF_BYTE = new char[256];
  private static final int[] BYTE_OF_CHAR = new int[CHAR_LIMIT];
  private static final int[] GPT2_BYTE_ORDER = new int[256];

  static {
    Arrays.fill(BYTE_OF_CHAR, -1);
    int shifted = 0;
    int printable = 0;
    for (int b = 0; b < 256; b++) {
      if (isPrintable(b)) {
        CHAR_OF_BYTE[b] = (char) b;
        GPT2_BYTE_ORDER[printable++] = b;
      } else {
        CHAR_OF_BYTE[b] = (char) (256 + shifted++);
      }
      BYTE_OF_CHAR[CHAR_OF_BYTE[b]] = b;
    }
    // GPT-2 lists the printable bytes first, then the shifted ones, each group by byte value.
    for (int b = 0; b < 256; b++) {
      if (!isPrintable(b)) {
        GPT2_BYTE_ORDER[printable++] = b;
      }
    }
  }

  private ByteLevelAlphabet() {}

  private static boolean isPrintable(int b) {
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
  }

  /** Returns the character that spells byte {@code b} (0..255). */
  static char charOf(int b) {
    return CHAR_OF_BYTE[b];
  }

  /** Returns the byte that character {@code c} spells, or -1 when {@code c} is not in the table. */
  static int byteOf(char c) {
    return c < CHAR_LIMIT ? BYTE_OF_CHAR[c] : -1;
  }

  /**
   * Returns the 256 byte values in the order GPT-2's table lists them, which is the order of the
   * base vocabulary.
   */
  static int[] bytesInGpt2Order() {
    return GPT2_BYTE_ORDER.clone();
  }

  /** Spells the UTF-8 bytes of {@code text} in the byte-level alphabet, one character per byte. */
  static String spell(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    char[] chars = new char[utf8.length];
    for (int i = 0; i < utf8.length; i++) {
      chars[i] = CHAR_OF_BYTE[utf8[i] & 0xFF];
    }
    return new String(chars);
  }

  /**
   * Returns the bytes a token contributes when Hugging Face's ByteLevel decoder decodes it: the
   * spelled bytes when every character of the token is in the table, otherwise the token's own
   * UTF-8 bytes (how added tokens such as GPT-NeoX's runs of plain spaces come out as themselves).
   */
  static byte[] decodeToken(String token) {
    byte[] bytes = new byte[token.length()];
    for (int i = 0; i < token.length(); i++) {
      int b = byteOf(token.charAt(i));
      if (b < 0) {
        return token.getBytes(StandardCharsets.UTF_8);
      }
      bytes[i] = (byte) b;
    }
    return bytes;
  }
}
