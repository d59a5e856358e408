package org.stepindex.indexer.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Utf8Lossy} against Rust's {@code from_utf8_lossy} as Hugging Face's ByteLevel decoder
 * applies it: a sequence of byte tokens decodes to exactly those bytes read lossily, so the
 * reference sees every byte string we choose.
 */
class Utf8LossyTest {

  @TempDir static Path dir;

  private static HuggingFaceTokenizer reference;
  private static Map<Integer, Integer> idOfByte;

  @BeforeAll
  static void writeTokenizer() {
    Path file = dir.resolve("tokenizer.json");
    ByteLevelBpeWriter.write(file, List.of("x"));
    reference = Fixtures.reference(file);
    try (HfTokenizer tokenizer = HfTokenizer.load(file)) {
      idOfByte = new java.util.HashMap<>();
      for (int b = 0; b < 256; b++) {
        idOfByte.put(b, tokenizer.idOf(String.valueOf(ByteLevelAlphabet.charOf(b))).orElseThrow());
      }
    }
  }

  @AfterAll
  static void close() {
    reference.close();
  }

  /** Checks a batch of byte strings against Hugging Face in one native call. */
  private static void assertSameAsRust(List<byte[]> strings) {
    long[][] batch = new long[strings.size()][];
    for (int n = 0; n < batch.length; n++) {
      byte[] bytes = strings.get(n);
      batch[n] = new long[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        batch[n][i] = idOfByte.get(bytes[i] & 0xFF);
      }
    }
    String[] expected = reference.batchDecode(batch, false);
    for (int n = 0; n < batch.length; n++) {
      byte[] bytes = strings.get(n);
      assertEquals(
          expected[n], Utf8Lossy.decode(bytes, 0, bytes.length), HexFormat.of().formatHex(bytes));
    }
  }

  @Test
  void everyOneAndTwoByteString() {
    List<byte[]> strings = new ArrayList<>();
    for (int a = 0; a < 256; a++) {
      strings.add(new byte[] {(byte) a});
      for (int b = 0; b < 256; b++) {
        strings.add(new byte[] {(byte) a, (byte) b});
      }
    }
    assertSameAsRust(strings);
  }

  @Test
  void everyThreeAndFourByteStringOverTheBoundaryBytes() {
    // The bytes where UTF-8's rules change: ASCII, continuation-range edges, every lead class and
    // its limits.
    int[] edges = {
      0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF,
      0xF0, 0xF4, 0xF5
    };
    List<byte[]> strings = new ArrayList<>();
    for (int a : edges) {
      for (int b : edges) {
        for (int c : edges) {
          strings.add(new byte[] {(byte) a, (byte) b, (byte) c});
          for (int d : edges) {
            strings.add(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
          }
        }
      }
    }
    assertSameAsRust(strings);
  }

  @Test
  void validTextComesBackUnchangedFromAnyOffset() {
    Random random = new Random(11L);
    for (int n = 0; n < 2000; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(20); i > 0; i--) {
        int codePoint =
            switch (random.nextInt(4)) {
              case 0 -> random.nextInt(0x80);
              case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
              case 2 -> 0xE000 + random.nextInt(0x10000 - 0xE000);
              default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
            };
        text.appendCodePoint(codePoint);
      }
      byte[] bytes = ("ab" + text).getBytes(StandardCharsets.UTF_8);
      assertEquals(text.toString(), Utf8Lossy.decode(bytes, 2, bytes.length));
    }
  }
}
