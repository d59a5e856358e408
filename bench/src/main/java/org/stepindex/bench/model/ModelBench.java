package org.stepindex.bench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.stepindex.eval.model.GptNeoX;
import org.stepindex.eval.model.GptNeoXConfig;

/**
 * Measures forward throughput of a {@link GptNeoX} beside the engine's matrix-multiply peak
 * measured in the same run, so the achieved fraction of peak means something on any machine.
 *
 * <p>FLOPs per forward are counted as transformers-style estimates do: {@code 2 · N · tokens} for
 * the weight matrices ({@code N} = parameters without {@code embed_in}, a lookup), plus {@code 4 ·
 * layers · seq · hidden} per token for the attention products {@code QKᵀ} and {@code AV} over the
 * full (masked) square.
 */
public final class ModelBench {

  /**
   * One batch size's measurement.
   *
   * @param batchSize sequences per forward
   * @param seqLength tokens per sequence
   * @param seconds mean seconds per forward
   * @param tokensPerSecond {@code batchSize · seqLength / seconds}
   * @param flopsPerSecond counted FLOPs per second
   */
  public record Result(
      int batchSize,
      int seqLength,
      double seconds,
      double tokensPerSecond,
      double flopsPerSecond) {}

  /**
   * A whole run.
   *
   * @param device the device, as DJL names it
   * @param dataType the model's data type
   * @param parameters the model's parameters
   * @param matmulSize the side of the square float32 matrices of the peak measurement
   * @param matmulFlopsPerSecond the peak: {@code 2·n³} FLOPs per matMul per second, model data type
   *     not applied
   * @param results one per batch size
   */
  public record Report(
      String device,
      String dataType,
      long parameters,
      int matmulSize,
      double matmulFlopsPerSecond,
      List<Result> results) {

    /**
     * Formats the report as an aligned text table.
     *
     * @return lines ending in newlines
     */
    public String format() {
      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              Locale.ROOT,
              "device %s, %s, %,d parameters; float32 matMul %dx%d peak %.3g FLOP/s%n",
              device,
              dataType,
              parameters,
              matmulSize,
              matmulSize,
              matmulFlopsPerSecond));
      out.append(
          String.format(
              Locale.ROOT,
              "%6s %6s %12s %12s %12s %8s%n",
              "batch",
              "seq",
              "s/forward",
              "tokens/s",
              "FLOP/s",
              "of peak"));
      for (Result r : results) {
        out.append(
            String.format(
                Locale.ROOT,
                "%6d %6d %12.4g %12.4g %12.4g %7.1f%%%n",
                r.batchSize(),
                r.seqLength(),
                r.seconds(),
                r.tokensPerSecond(),
                r.flopsPerSecond(),
                100 * r.flopsPerSecond() / matmulFlopsPerSecond));
      }
      return out.toString();
    }
  }

  private ModelBench() {}

  /**
   * Runs the bench: one warm-up and then {@code iterations} timed forwards per batch size, each on
   * random token ids.
   *
   * @param model the model
   * @param seqLength tokens per sequence (at most the model's context)
   * @param batchSizes e.g. 1, 4, 16
   * @param iterations timed forwards per batch size
   * @param matmulSize side of the square float32 matrices for the peak, e.g. 1024 on a CPU, 4096 on
   *     a GPU
   * @return the measurements
   */
  public static Report run(
      GptNeoX model, int seqLength, int[] batchSizes, int iterations, int matmulSize) {
    if (seqLength <= 0 || iterations <= 0 || matmulSize <= 0) {
      throw new IllegalArgumentException(
          "sequence length, iterations and matmul size must be positive");
    }
    GptNeoXConfig config = model.config();
    long weightParameters =
        config.parameterCount()
            - (config.tiedEmbeddings() ? 0 : (long) config.vocabSize() * config.hiddenSize());
    double flopsPerToken =
        2.0 * weightParameters + 4.0 * config.numLayers() * seqLength * config.hiddenSize();
    List<Result> results = new ArrayList<>();
    try (NDManager manager = model.newManager()) {
      double peak = MatmulPeak.measure(manager, matmulSize, Math.max(3, iterations));
      for (int batch : batchSizes) {
        Shape shape = new Shape(batch, seqLength);
        NDArray ids = manager.randomInteger(0, config.vocabSize(), shape, DataType.INT64);
        NDArray mask = manager.ones(shape, DataType.INT64);
        forwardAndWait(model, ids, mask);
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
          forwardAndWait(model, ids, mask);
        }
        double seconds = (System.nanoTime() - start) / 1e9 / iterations;
        double tokens = (double) batch * seqLength;
        results.add(
            new Result(
                batch, seqLength, seconds, tokens / seconds, tokens * flopsPerToken / seconds));
        ids.close();
        mask.close();
      }
      return new Report(
          model.device().toString(),
          model.dataType().toString(),
          config.parameterCount(),
          matmulSize,
          peak,
          List.copyOf(results));
    }
  }

  /**
   * Reading one element back forces an asynchronous (CUDA) engine to finish the forward before the
   * clock stops.
   */
  private static void forwardAndWait(GptNeoX model, NDArray ids, NDArray mask) {
    try (NDArray logits = model.forward(ids, mask, null)) {
      logits.get("0, 0, 0").toType(DataType.FLOAT32, false).getFloat();
    }
  }
}
