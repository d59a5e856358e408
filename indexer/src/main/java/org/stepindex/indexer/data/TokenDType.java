package org.stepindex.indexer.data;

import org.stepindex.indexer.base.StepIndexException;

/**
 * The element types a Megatron {@code .idx} header can name for the tokens in its {@code .bin},
 * with the codes Megatron writes for them. Only the integer types can hold token ids.
 */
public enum TokenDType {
  /** Unsigned 8-bit integer, code 1. */
  UINT8(1, 1, 0, 0xFF),
  /** Signed 8-bit integer, code 2. */
  INT8(2, 1, Byte.MIN_VALUE, Byte.MAX_VALUE),
  /** Signed 16-bit integer, code 3. */
  INT16(3, 2, Short.MIN_VALUE, Short.MAX_VALUE),
  /** Signed 32-bit integer, code 4. */
  INT32(4, 4, Integer.MIN_VALUE, Integer.MAX_VALUE),
  /** Signed 64-bit integer, code 5; token ids read from it must still fit an {@code int}. */
  INT64(5, 8, Long.MIN_VALUE, Long.MAX_VALUE),
  /** 32-bit float, code 6; cannot hold token ids. */
  FLOAT32(6, 4, 0, -1),
  /** 64-bit float, code 7; cannot hold token ids. */
  FLOAT64(7, 8, 0, -1),
  /** Unsigned 16-bit integer, code 8; what Pythia's Pile uses (vocabulary below 65,536). */
  UINT16(8, 2, 0, 0xFFFF);

  private final int code;
  private final int width;
  private final long min;
  private final long max;

  TokenDType(int code, int width, long min, long max) {
    this.code = code;
    this.width = width;
    this.min = min;
    this.max = max;
  }

  /** Returns the code that stands for this type in a Megatron {@code .idx} header. */
  public int code() {
    return code;
  }

  /** Returns the number of bytes one element of this type takes in the {@code .bin}. */
  public int width() {
    return width;
  }

  /** Returns whether this is an integer type, that is, one that can hold token ids. */
  public boolean isInteger() {
    return min <= max;
  }

  /** Returns whether {@code value} can be stored in this type; always false for the float types. */
  boolean fits(long value) {
    return value >= min && value <= max;
  }

  /**
   * Returns the type Megatron writes as {@code code}.
   *
   * @param code the dtype code from an {@code .idx} header
   * @throws StepIndexException if no type has that code
   */
  public static TokenDType fromCode(int code) {
    return fromCode(code, "the .idx header");
  }

  /**
   * Returns the type Megatron writes as {@code code}, naming {@code context} if there is none.
   *
   * @param code the dtype code from an {@code .idx} header
   * @param context where the code was read, for the error message (usually the {@code .idx} path)
   * @throws StepIndexException if no type has that code
   */
  public static TokenDType fromCode(int code, String context) {
    for (TokenDType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    throw new StepIndexException(
        "unknown dtype code "
            + code
            + " in "
            + context
            + " (Megatron codes are 1 to 8); the file is damaged or not a Megatron .idx");
  }
}
