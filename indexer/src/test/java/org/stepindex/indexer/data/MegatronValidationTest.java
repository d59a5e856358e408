package org.stepindex.indexer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.StepIndexException;

/** Every damaged index is refused at open with one line that names the file and the problem. */
class MegatronValidationTest {
  @TempDir Path dir;

  /** Three uint16 sequences of 3, 2 and 4 tokens: 18 bytes of token data. */
  private static final int[] SIZES = {3, 2, 4};

  private static final long[] POINTERS = {0, 6, 10};
  private static final long[] DOC_IDX = {0, 1, 2, 3};
  private static final int BIN_BYTES = 18;

  private String openFails(byte[] idx) throws IOException {
    ReferenceFormat.write(dir.resolve("document"), idx, new byte[BIN_BYTES]);
    StepIndexException e =
        assertThrows(StepIndexException.class, () -> MegatronDataset.open(dir.resolve("document")));
    String message = e.getMessage();
    assertTrue(message.contains(dir.resolve("document.idx").toString()), message);
    assertEquals(-1, message.indexOf('\n'), "one line: " + message);
    return message;
  }

  private static byte[] idx(int[] sizes, long[] pointers) {
    return ReferenceFormat.idx(ReferenceFormat.MAGIC, 1, 8, sizes, pointers, DOC_IDX);
  }

  @Test
  void theReferenceIndexItselfOpens() throws IOException {
    ReferenceFormat.write(dir.resolve("document"), idx(SIZES, POINTERS), new byte[BIN_BYTES]);
    try (MegatronDataset dataset = MegatronDataset.open(dir.resolve("document"))) {
      assertEquals(9, dataset.totalTokens());
    }
  }

  @Test
  void wrongMagic() throws IOException {
    byte[] magic = "MMIDIDY\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    String message = openFails(ReferenceFormat.idx(magic, 1, 8, SIZES, POINTERS, DOC_IDX));
    assertTrue(message.contains("MMIDIDX"), message);
  }

  @Test
  void anEmptyFileHasNoMagic() throws IOException {
    assertTrue(openFails(new byte[0]).contains("MMIDIDX"));
  }

  @Test
  void versionTwo() throws IOException {
    String message =
        openFails(ReferenceFormat.idx(ReferenceFormat.MAGIC, 2, 8, SIZES, POINTERS, DOC_IDX));
    assertTrue(message.contains("version 2"), message);
  }

  @Test
  void unknownDtype() throws IOException {
    String message =
        openFails(ReferenceFormat.idx(ReferenceFormat.MAGIC, 1, 9, SIZES, POINTERS, DOC_IDX));
    assertTrue(message.contains("unknown dtype code 9"), message);
  }

  @Test
  void floatDtypes() throws IOException {
    assertTrue(
        openFails(ReferenceFormat.idx(ReferenceFormat.MAGIC, 1, 6, SIZES, POINTERS, DOC_IDX))
            .contains("FLOAT32"));
    assertTrue(
        openFails(ReferenceFormat.idx(ReferenceFormat.MAGIC, 1, 7, SIZES, POINTERS, DOC_IDX))
            .contains("FLOAT64"));
  }

  @Test
  void truncatedAnywhere() throws IOException {
    byte[] idx = idx(SIZES, POINTERS);
    // Inside the header, the sizes, the pointers and the last doc_idx entry.
    for (int length : new int[] {20, 33, 34 + 5, 34 + 12 + 8, idx.length - 1}) {
      String message = openFails(Arrays.copyOf(idx, length));
      assertTrue(message.contains("truncated"), length + ": " + message);
    }
  }

  @Test
  void countsTooLargeForTheFile() throws IOException {
    for (int field : new int[] {18, 26}) { // N, then D
      byte[] idx = idx(SIZES, POINTERS);
      ByteBuffer.wrap(idx).order(ByteOrder.LITTLE_ENDIAN).putLong(field, -1L); // 2^64 - 1 as uint64
      assertTrue(openFails(idx).contains("truncated"));
    }
  }

  @Test
  void pointerBeyondTheBin() throws IOException {
    String message = openFails(idx(SIZES, new long[] {0, 6, BIN_BYTES + 2}));
    assertTrue(message.contains("sequence 2 starts at byte 20"), message);
    assertTrue(message.contains(dir.resolve("document.bin").toString()), message);
  }

  @Test
  void negativePointer() throws IOException {
    assertTrue(
        openFails(idx(SIZES, new long[] {0, -6, 10})).contains("sequence 1 starts at byte -6"));
  }

  @Test
  void sizeBeyondTheBin() throws IOException {
    // 5 tokens from byte 10 end at 20, two bytes past the data; 4 would fit exactly.
    String message = openFails(idx(new int[] {3, 2, 5}, POINTERS));
    assertTrue(message.contains("sequence 2 (5 tokens"), message);
  }

  @Test
  void sizeSoLargeItWouldOverflow() throws IOException {
    assertTrue(
        openFails(idx(new int[] {3, Integer.MAX_VALUE, 4}, POINTERS)).contains("sequence 1"));
  }

  @Test
  void negativeSize() throws IOException {
    String message = openFails(idx(new int[] {3, -2, 4}, POINTERS));
    assertTrue(message.contains("sequence 1 has negative size -2"), message);
  }

  @Test
  void dtypeCodesMatchMegatron() {
    int[][] expected = {{1, 1}, {2, 1}, {3, 2}, {4, 4}, {5, 8}, {6, 4}, {7, 8}, {8, 2}};
    for (int[] codeAndWidth : expected) {
      TokenDType dtype = TokenDType.fromCode(codeAndWidth[0]);
      assertEquals(codeAndWidth[0], dtype.code());
      assertEquals(codeAndWidth[1], dtype.width());
      assertEquals(codeAndWidth[0] < 6 || codeAndWidth[0] == 8, dtype.isInteger());
    }
    for (int code : new int[] {0, 9, -1, 255}) {
      StepIndexException e =
          assertThrows(StepIndexException.class, () -> TokenDType.fromCode(code, "x.idx"));
      assertTrue(
          e.getMessage().contains("unknown dtype code " + code + " in x.idx"), e.getMessage());
    }
  }
}
