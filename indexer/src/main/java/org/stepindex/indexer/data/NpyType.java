package org.stepindex.indexer.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The integer element types a NumPy array of token ids or of index maps can have, little-endian as
 * NumPy writes them on every machine training runs on: GPT-NeoX's maps ({@code doc_idx} int32,
 * {@code sample_idx} int32 or int64, {@code shuffle_idx} uint32 or int64) and OLMo's token files
 * and global indices (uint16 or uint32).
 */
public enum NpyType {
  /** Unsigned 8-bit, NumPy {@code |u1}. */
  UINT8("u1", 1, false),
  /** Signed 8-bit, NumPy {@code |i1}. */
  INT8("i1", 1, true),
  /** Unsigned 16-bit, NumPy {@code <u2}. */
  UINT16("u2", 2, false),
  /** Signed 16-bit, NumPy {@code <i2}. */
  INT16("i2", 2, true),
  /** Unsigned 32-bit, NumPy {@code <u4}. */
  UINT32("u4", 4, false),
  /** Signed 32-bit, NumPy {@code <i4}. */
  INT32("i4", 4, true),
  /** Unsigned 64-bit, NumPy {@code <u8}; a value above {@link Long#MAX_VALUE} reads as negative. */
  UINT64("u8", 8, false),
  /** Signed 64-bit, NumPy {@code <i8}. */
  INT64("i8", 8, true);

  private final String code;
  private final int width;
  private final boolean signed;

  NpyType(String code, int width, boolean signed) {
    this.code = code;
    this.width = width;
    this.signed = signed;
  }

  /** Returns the bytes one element takes. */
  public int width() {
    return width;
  }

  /** Returns whether the type is signed. */
  public boolean signed() {
    return signed;
  }

  /** Returns the name NumPy gives the type and the command line takes, e.g. {@code uint32}. */
  public String typeName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns the NumPy descriptor, e.g. {@code <u4} ({@code |u1} for one byte, which has no byte
   * order).
   */
  public String descr() {
    return (width == 1 ? "|" : "<") + code;
  }

  /**
   * Returns the type a {@code .npy} header's {@code descr} names ({@code <u4}, {@code |u1}, {@code
   * =i8} ...).
   *
   * @param descr the descriptor as written in the header
   * @param file the file, for the message
   * @throws StepIndexException for a big-endian, floating-point, structured or otherwise unknown
   *     descriptor
   */
  static NpyType fromDescr(String descr, String file) {
    String code = descr.length() == 3 ? descr.substring(1) : "";
    char order = descr.isEmpty() ? '?' : descr.charAt(0);
    for (NpyType type : values()) {
      if (type.code.equals(code)) {
        if (order == '>' && type.width > 1) {
          throw new StepIndexException(
              file
                  + ": dtype '"
                  + descr
                  + "' is big-endian; save the array little-endian"
                  + " (array.astype('"
                  + type.descr()
                  + "'))");
        }
        if (order == '<' || order == '|' || order == '=') {
          return type;
        }
      }
    }
    throw new StepIndexException(
        file
            + ": dtype '"
            + descr
            + "' is not an integer type ("
            + names()
            + "); this is not an index map or token file");
  }

  /**
   * Returns the type the command line names: {@code uint16}, {@code uint32}, {@code int32} ...
   *
   * @throws StepIndexException for any other name
   */
  public static NpyType fromName(String name) {
    for (NpyType type : values()) {
      if (type.typeName().equals(name)) {
        return type;
      }
    }
    throw new StepIndexException("unknown dtype '" + name + "'; give one of " + names());
  }

  private static String names() {
    return Arrays.stream(values()).map(NpyType::typeName).collect(Collectors.joining(", "));
  }
}
