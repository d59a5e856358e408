package org.stepindex.eval.model;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;
import org.stepindex.indexer.base.StepIndexException;

/** The floating-point types a model can run in, as the {@code --dtype} option names them. */
public enum ModelDType {
  /** IEEE single precision; what the parity fixtures pin. */
  FLOAT32(DataType.FLOAT32),
  /** IEEE half precision, as Pythia's checkpoints are stored. */
  FLOAT16(DataType.FLOAT16),
  /**
   * bfloat16: float32's range with 8 bits of mantissa. Parsed so the option can name it, but {@link
   * GptNeoX#load} refuses it: DJL 0.36's PyTorch engine aborts the JVM on bfloat16 arrays (bfloat16
   * checkpoints still load).
   */
  BFLOAT16(DataType.BFLOAT16);

  private final DataType dataType;

  ModelDType(DataType dataType) {
    this.dataType = dataType;
  }

  /**
   * Returns the DJL type.
   *
   * @return the data type arrays of this precision have
   */
  public DataType dataType() {
    return dataType;
  }

  /**
   * Parses {@code float32|float16|bfloat16}, also spelled {@code fp32|fp16|half|bf16}.
   *
   * @param value the option value
   * @return the type
   * @throws StepIndexException for anything else
   */
  public static ModelDType parse(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "float32", "fp32" -> FLOAT32;
      case "float16", "fp16", "half" -> FLOAT16;
      case "bfloat16", "bf16" -> BFLOAT16;
      default ->
          throw new StepIndexException(
              "--dtype must be float32, float16 or bfloat16, not '" + value + "'");
    };
  }
}
