package org.stepindex.indexer.data;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.stepindex.indexer.base.StepIndexException;

/**
 * A Megatron memory-mapped indexed dataset opened for reading: the {@code .idx} (sequence sizes and
 * byte offsets) and the {@code .bin} token stream, whole or as Hugging Face shards read in place as
 * one virtual file.
 *
 * <p>Both are memory-mapped once in a shared arena, so {@link #read} is thread-safe and copies
 * straight from the page cache. Every sequence's size and offset is checked at {@link #open}, so a
 * read never faults on a damaged file. {@link #close()} unmaps the files; no method may be called
 * after it.
 *
 * <p>The {@code .idx} layout (little-endian): magic {@code MMIDIDX\0\0} (9 bytes), uint64 version
 * 1, uint8 dtype code, uint64 N sequences, uint64 D doc_idx entries, int32 sizes[N], int64
 * pointers[N], int64 doc_idx[D].
 */
public final class MegatronDataset implements AutoCloseable {
  static final byte[] MAGIC = "MMIDIDX\0\0".getBytes(StandardCharsets.US_ASCII);
  static final long VERSION = 1;
  static final int HEADER_BYTES = 34;

  private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
  private static final ValueLayout.OfShort SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final long FINGERPRINT_CHUNK = 1 << 24;

  private final Arena arena;
  private final Path idxPath;
  private final MemorySegment idx;
  private final ConcatenatedFile bin;
  private final TokenDType dtype;
  private final long sequenceCount;
  private final long pointersOffset;
  private final long totalTokens;
  private final int maxSize;
  private String fingerprint;

  private MegatronDataset(Arena arena, Path idxPath, MemorySegment idx, ConcatenatedFile bin) {
    this.arena = arena;
    this.idxPath = idxPath;
    this.idx = idx;
    this.bin = bin;
    checkMagicAndLength();
    long version = idx.get(LONG, 9);
    if (version != VERSION) {
      throw fail(
          "unsupported .idx version "
              + Long.toUnsignedString(version)
              + " (only version 1 exists)");
    }
    this.dtype = TokenDType.fromCode(Byte.toUnsignedInt(idx.get(BYTE, 17)), idxPath.toString());
    if (!dtype.isInteger()) {
      throw fail("dtype " + dtype + " cannot hold token ids; this is not a pre-tokenized dataset");
    }
    this.sequenceCount = idx.get(LONG, 18);
    long docCount = idx.get(LONG, 26);
    long room = idx.byteSize() - HEADER_BYTES;
    // Unsigned counts above 2^63 read as negative; either way they cannot fit the file.
    if (sequenceCount < 0
        || sequenceCount > room / 12
        || docCount < 0
        || docCount > (room - 12 * sequenceCount) / 8) {
      throw fail(
          "truncated: "
              + idx.byteSize()
              + " bytes cannot hold "
              + Long.toUnsignedString(sequenceCount)
              + " sizes and pointers and "
              + Long.toUnsignedString(docCount)
              + " doc_idx entries; download it again");
    }
    this.pointersOffset = HEADER_BYTES + 4 * sequenceCount;
    long[] totals = validateSequences();
    this.totalTokens = totals[0];
    this.maxSize = (int) totals[1];
  }

  /**
   * Opens the dataset that {@code path} names: a prefix {@code dir/document} (for {@code
   * document.idx} and {@code document.bin}), the {@code .idx} file, or a directory holding {@code
   * document.idx} (or exactly one {@code .idx}). The token data is {@code name.bin} if present,
   * else the complete series of Hugging Face shards {@code name-NNNNN-of-MMMMM.bin} (MMMMM is the
   * last index), read in place as one file.
   *
   * @throws StepIndexException if a file is missing or unreadable, or the index is damaged or does
   *     not match the data
   */
  public static MegatronDataset open(Path path) {
    DatasetFiles files = DatasetFiles.locate(path);
    Arena arena = Arena.ofShared();
    try {
      MemorySegment idx = ConcatenatedFile.mapReadOnly(files.idx(), arena);
      ConcatenatedFile bin = ConcatenatedFile.map(files.bins(), arena);
      return new MegatronDataset(arena, files.idx(), idx, bin);
    } catch (RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  private void checkMagicAndLength() {
    long length = idx.byteSize();
    boolean magic =
        length >= MAGIC.length
            && MemorySegment.mismatch(
                    idx, 0, MAGIC.length, MemorySegment.ofArray(MAGIC), 0, MAGIC.length)
                < 0;
    if (!magic) {
      throw fail(
          "not a Megatron .idx file (it does not start with MMIDIDX); pass the dataset's .idx or its prefix");
    }
    if (length < HEADER_BYTES) {
      throw fail(
          "truncated: "
              + length
              + " bytes, the header alone needs "
              + HEADER_BYTES
              + "; download it again");
    }
  }

  /** Checks every sequence against the {@code .bin}; returns the total and the largest size. */
  private long[] validateSequences() {
    long binLength = bin.length();
    int width = dtype.width();
    long total = 0;
    int max = 0;
    // One pass over the mapped sizes and pointers; for Pythia (146M sequences) it reads 1.7 GB once
    // at open.
    // A pointer past the end makes binLength - pointer negative, so the last test catches it too.
    for (long seq = 0; seq < sequenceCount; seq++) {
      int size = idx.get(INT, HEADER_BYTES + 4 * seq);
      long pointer = idx.get(LONG, pointersOffset + 8 * seq);
      if (size < 0 || pointer < 0 || (long) size * width > binLength - pointer) {
        throw badSequence(seq, size, pointer, binLength);
      }
      total += size;
      max = Math.max(max, size);
    }
    return new long[] {total, max};
  }

  private StepIndexException badSequence(long seq, int size, long pointer, long binLength) {
    String where = "sequence " + seq;
    if (size < 0) {
      return fail(
          where + " has negative size " + size + "; the index is damaged, download it again");
    }
    String data = "the token data (" + binLength + " bytes in " + describeBins() + ")";
    if (pointer < 0 || pointer > binLength) {
      return fail(
          where
              + " starts at byte "
              + pointer
              + ", outside "
              + data
              + "; the .bin is incomplete or belongs to another index");
    }
    return fail(
        where
            + " ("
            + size
            + " tokens of "
            + dtype.width()
            + " bytes from byte "
            + pointer
            + ") ends past the end of "
            + data
            + "; the .bin is incomplete or belongs to another index");
  }

  private String describeBins() {
    List<Path> files = bin.files();
    return files.size() == 1
        ? files.getFirst().toString()
        : files.size() + " shards " + files.getFirst() + " ...";
  }

  private StepIndexException fail(String problem) {
    return new StepIndexException(idxPath + ": " + problem);
  }

  /** Returns the number of sequences N. */
  public long sequenceCount() {
    return sequenceCount;
  }

  /** Returns the element type of the tokens, always an integer type. */
  public TokenDType dtype() {
    return dtype;
  }

  /** Returns the sum of all sequence sizes, in tokens. */
  public long totalTokens() {
    return totalTokens;
  }

  /**
   * Returns the largest sequence size, in tokens: a {@code dst} this long fits every {@link #read}.
   */
  public int maxSize() {
    return maxSize;
  }

  /** Returns the length of the token data in bytes, summed over all its files. */
  public long binLength() {
    return bin.length();
  }

  /** Returns the {@code .idx} file. */
  public Path idxPath() {
    return idxPath;
  }

  /**
   * Returns the files whose concatenation is the token data: one {@code .bin}, or its shards in
   * order.
   */
  public List<Path> binFiles() {
    return bin.files();
  }

  /**
   * Returns the number of tokens in sequence {@code seq}.
   *
   * @throws StepIndexException if {@code seq} is not in {@code [0, sequenceCount())}
   */
  public int size(long seq) {
    checkSequence(seq);
    return idx.get(INT, HEADER_BYTES + 4 * seq);
  }

  /**
   * Returns the byte offset of sequence {@code seq} in the token data.
   *
   * @throws StepIndexException if {@code seq} is not in {@code [0, sequenceCount())}
   */
  public long pointer(long seq) {
    checkSequence(seq);
    return idx.get(LONG, pointersOffset + 8 * seq);
  }

  /**
   * Copies the tokens of sequence {@code seq} into {@code dst[0, size)}, widened to {@code int}
   * (unsigned types stay non-negative), and returns the size. Safe to call from many threads at
   * once.
   *
   * @throws StepIndexException if {@code seq} is not in {@code [0, sequenceCount())}, or an int64
   *     token does not fit an {@code int}
   * @throws IllegalArgumentException if {@code dst} is shorter than the sequence
   */
  public int read(long seq, int[] dst) {
    int size = size(seq);
    if (dst.length < size) {
      throw new IllegalArgumentException(
          "sequence " + seq + " has " + size + " tokens; dst holds only " + dst.length);
    }
    copy(seq, 0, size, dst, 0);
    return size;
  }

  /**
   * Copies tokens {@code [offset, offset + length)} of sequence {@code seq} into {@code dst[at, at
   * + length)}, as {@link #read} does: a part of a document, as a training sample cut across
   * documents needs it.
   *
   * @throws StepIndexException if {@code seq} is out of range or the tokens do not lie within it
   */
  public void read(long seq, long offset, int length, int[] dst, int at) {
    int size = size(seq);
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new StepIndexException(
          "tokens "
              + offset
              + " to "
              + (offset + length)
              + " are outside sequence "
              + seq
              + " of "
              + idxPath
              + ", which has "
              + size
              + " tokens");
    }
    copy(seq, offset, length, dst, at);
  }

  private void copy(long seq, long first, int size, int[] dst, int at) {
    long offset = idx.get(LONG, pointersOffset + 8 * seq) + first * dtype.width();
    MemorySegment src = bin.slice(offset, (long) size * dtype.width());
    switch (dtype) {
      case UINT16 -> {
        short[] shorts = new short[size];
        MemorySegment.copy(src, SHORT, 0, shorts, 0, size);
        for (int i = 0; i < size; i++) {
          dst[at + i] = Short.toUnsignedInt(shorts[i]);
        }
      }
      case INT32 -> MemorySegment.copy(src, INT, 0, dst, at, size);
      case INT16 -> {
        short[] shorts = new short[size];
        MemorySegment.copy(src, SHORT, 0, shorts, 0, size);
        for (int i = 0; i < size; i++) {
          dst[at + i] = shorts[i];
        }
      }
      case UINT8 -> {
        for (int i = 0; i < size; i++) {
          dst[at + i] = Byte.toUnsignedInt(src.get(BYTE, i));
        }
      }
      case INT8 -> {
        for (int i = 0; i < size; i++) {
          dst[at + i] = src.get(BYTE, i);
        }
      }
      case INT64 -> {
        for (int i = 0; i < size; i++) {
          long token = src.get(LONG, 8L * i);
          if (token != (int) token) {
            throw fail(
                "token "
                    + (first + i)
                    + " of sequence "
                    + seq
                    + " is "
                    + token
                    + ", which does not fit a 32-bit token id");
          }
          dst[at + i] = (int) token;
        }
      }
      default -> throw new AssertionError(dtype); // rejected at open
    }
  }

  private void checkSequence(long seq) {
    if (seq < 0 || seq >= sequenceCount) {
      throw new StepIndexException(
          "sequence "
              + seq
              + " is out of range: "
              + idxPath
              + " holds sequences 0 to "
              + (sequenceCount - 1));
    }
  }

  /**
   * Returns the lowercase hex SHA-256 of the {@code .idx} bytes followed by the total token data
   * length as a little-endian int64: it identifies the data an index was built from. Computed on
   * first call, then cached.
   */
  public synchronized String fingerprint() {
    if (fingerprint == null) {
      MessageDigest sha;
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError("every Java platform has SHA-256", e);
      }
      for (long offset = 0; offset < idx.byteSize(); offset += FINGERPRINT_CHUNK) {
        sha.update(
            idx.asSlice(offset, Math.min(FINGERPRINT_CHUNK, idx.byteSize() - offset))
                .asByteBuffer());
      }
      byte[] length = new byte[Long.BYTES];
      MemorySegment.ofArray(length).set(LONG, 0, bin.length());
      sha.update(length);
      fingerprint = HexFormat.of().formatHex(sha.digest());
    }
    return fingerprint;
  }

  /** Unmaps the files. Reads racing with close fail with {@link IllegalStateException}. */
  @Override
  public void close() {
    arena.close();
  }
}
