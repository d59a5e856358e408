package org.stepindex.indexer.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * An independent encoder of the Megatron format, written from the layout table in DESIGN.md with
 * plain {@link ByteBuffer}s, so the tests never check the writer against the reader alone. Its
 * knobs write deliberately broken files.
 */
final class ReferenceFormat {
  static final byte[] MAGIC = "MMIDIDX\0\0".getBytes(StandardCharsets.US_ASCII);

  private ReferenceFormat() {}

  /** Token data: each token in {@code width} little-endian bytes (two's complement, truncated). */
  static byte[] bin(int[][] sequences, int width) {
    int tokens = 0;
    for (int[] s : sequences) {
      tokens += s.length;
    }
    ByteBuffer out = ByteBuffer.allocate(tokens * width).order(ByteOrder.LITTLE_ENDIAN);
    for (int[] s : sequences) {
      for (int t : s) {
        long v = t;
        for (int b = 0; b < width; b++) {
          out.put((byte) (v >> (8 * b)));
        }
      }
    }
    return out.array();
  }

  /** A well-formed index for {@code sequences} stored back to back, one document per sequence. */
  static byte[] idx(int[][] sequences, int dtypeCode, int width) {
    int n = sequences.length;
    int[] sizes = new int[n];
    long[] pointers = new long[n];
    long[] docIdx = new long[n + 1];
    long pointer = 0;
    for (int i = 0; i < n; i++) {
      sizes[i] = sequences[i].length;
      pointers[i] = pointer;
      pointer += (long) sizes[i] * width;
      docIdx[i + 1] = i + 1;
    }
    return idx(MAGIC, 1, dtypeCode, sizes, pointers, docIdx);
  }

  /** An index with every field chosen by the caller. */
  static byte[] idx(
      byte[] magic, long version, int dtypeCode, int[] sizes, long[] pointers, long[] docIdx) {
    ByteBuffer out =
        ByteBuffer.allocate(34 + 4 * sizes.length + 8 * pointers.length + 8 * docIdx.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    out.put(magic)
        .putLong(version)
        .put((byte) dtypeCode)
        .putLong(sizes.length)
        .putLong(docIdx.length);
    for (int s : sizes) {
      out.putInt(s);
    }
    for (long p : pointers) {
      out.putLong(p);
    }
    for (long d : docIdx) {
      out.putLong(d);
    }
    return out.array();
  }

  /** Writes {@code prefix.idx} and {@code prefix.bin} and returns the prefix. */
  static Path write(Path prefix, byte[] idx, byte[] bin) throws IOException {
    Files.write(prefix.resolveSibling(prefix.getFileName() + ".idx"), idx);
    Files.write(prefix.resolveSibling(prefix.getFileName() + ".bin"), bin);
    return prefix;
  }

  /** Random sequences of 0 to {@code maxLength} tokens drawn from {@code [min, max]}. */
  static int[][] randomSequences(Random random, int count, int maxLength, long min, long max) {
    int[][] sequences = new int[count][];
    for (int i = 0; i < count; i++) {
      sequences[i] = new int[random.nextInt(maxLength + 1)];
      for (int j = 0; j < sequences[i].length; j++) {
        sequences[i][j] = (int) random.nextLong(min, max + 1);
      }
    }
    return sequences;
  }
}
