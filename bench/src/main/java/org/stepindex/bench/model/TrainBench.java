package org.stepindex.bench.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.eval.model.GptNeoXConfig;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.trainer.StepMetrics;
import org.stepindex.trainer.TrainPlan;
import org.stepindex.trainer.TrainRequest;
import org.stepindex.trainer.Trainer;

/**
 * Measures training throughput: whole {@link Trainer} steps (data, forward, backward, clipping,
 * AdamW) of a preset on a small synthetic corpus, beside the engine's float32 matmul peak measured
 * in the same run.
 *
 * <p>FLOPs per step are counted as training estimates do: {@code 6 · N · tokens} for the weight
 * matrices ({@code N} = parameters without {@code embed_in}, a lookup; forward 2, backward 4) plus
 * {@code 12 · layers · seq · hidden} per token for the attention products {@code QKᵀ} and {@code
 * AV} over the full square, forward and backward.
 */
public final class TrainBench {

  /**
   * A bench run.
   *
   * @param device the device, as DJL names it
   * @param preset the preset measured
   * @param parameters its parameter count
   * @param batchSize sequences per step
   * @param seqLength tokens per sequence (inputs: one fewer)
   * @param microBatch sequences per forward/backward pass
   * @param timedSteps steps timed (after one warm-up step)
   * @param secondsPerStep mean wall time of a timed step
   * @param tokensPerSecond label tokens trained per second
   * @param flopsPerSecond counted FLOPs per second
   * @param matmulSize side of the peak's square matrices
   * @param matmulFlopsPerSecond the float32 matmul peak
   */
  public record Report(
      String device,
      String preset,
      long parameters,
      int batchSize,
      int seqLength,
      int microBatch,
      int timedSteps,
      double secondsPerStep,
      double tokensPerSecond,
      double flopsPerSecond,
      int matmulSize,
      double matmulFlopsPerSecond) {

    /**
     * Formats the report as a few aligned lines.
     *
     * @return lines ending in newlines
     */
    public String format() {
      return String.format(
          Locale.ROOT,
          "device %s, preset %s, %,d parameters, float32; batch %d x %d tokens, micro-batch"
              + " %d, %d timed steps%n"
              + "%12s %12s %12s %12s %8s%n%12.4g %12.4g %12.4g %12.4g %7.1f%%%n",
          device,
          preset,
          parameters,
          batchSize,
          seqLength,
          microBatch,
          timedSteps,
          "s/step",
          "tokens/s",
          "FLOP/s",
          "peak FLOP/s",
          "of peak",
          secondsPerStep,
          tokensPerSecond,
          flopsPerSecond,
          matmulFlopsPerSecond,
          100 * flopsPerSecond / matmulFlopsPerSecond);
    }
  }

  private TrainBench() {}

  /**
   * Runs the bench in a temporary directory, deleted afterwards.
   *
   * @param preset a {@link org.stepindex.trainer.Presets} name
   * @param device where to train
   * @param batchSize sequences per step
   * @param seqLength tokens per sequence, at least 8
   * @param microBatch sequences per forward/backward pass
   * @param timedSteps steps to time after one warm-up step
   * @param matmulSize side of the peak's square matrices
   * @return the measurements
   */
  public static Report run(
      String preset,
      Device device,
      int batchSize,
      int seqLength,
      int microBatch,
      int timedSteps,
      int matmulSize) {
    if (timedSteps <= 0 || matmulSize <= 0) {
      throw new StepIndexException("--steps and --matmul-size must be positive");
    }
    Path temp;
    try {
      temp = Files.createTempDirectory("stepindex-bench-train-");
    } catch (IOException e) {
      throw new StepIndexException("cannot create a temporary directory: " + e.getMessage(), e);
    }
    try {
      int steps = timedSteps + 1;
      // One step more in the data and the plan than is trained: the run never reaches its end, so
      // no checkpoint
      // (weights plus twice their size in optimizer state) is written.
      SyntheticCorpus.Result corpus =
          SyntheticCorpus.write(
              temp.resolve("corpus"),
              new SynthOptions((long) (steps + 1) * batchSize, seqLength, batchSize, 1));
      TrainRequest request =
          new TrainRequest(
              corpus.dataPrefix(),
              corpus.tokenizer(),
              temp.resolve("run"),
              preset,
              null,
              null,
              0L,
              steps + 1L,
              null,
              batchSize,
              seqLength,
              microBatch,
              null,
              0.0,
              null,
              null,
              null,
              null,
              Long.toString(Long.MAX_VALUE / 2));
      TrainPlan plan = TrainPlan.resolve(request);
      List<StepMetrics> metrics = new ArrayList<>();
      double peak;
      try (Trainer trainer = Trainer.open(plan, device, null);
          NDManager manager = trainer.model().newManager()) {
        peak = MatmulPeak.measure(manager, matmulSize, 5);
        for (int i = 0; i < steps; i++) {
          metrics.add(trainer.trainStep());
        }
      }
      double seconds =
          metrics.stream().skip(1).mapToDouble(StepMetrics::seconds).sum() / timedSteps;
      GptNeoXConfig config = plan.model();
      long tokens = (long) batchSize * (seqLength - 1);
      double weights = config.parameterCount() - (double) config.vocabSize() * config.hiddenSize();
      double flopsPerToken =
          6 * weights + 12.0 * config.numLayers() * (seqLength - 1) * config.hiddenSize();
      return new Report(
          device.toString(),
          preset,
          config.parameterCount(),
          batchSize,
          seqLength,
          microBatch,
          timedSteps,
          seconds,
          tokens / seconds,
          tokens * flopsPerToken / seconds,
          matmulSize,
          peak);
    } finally {
      try {
        AtomicFiles.deleteTree(temp);
      } catch (IOException ignored) {
        // a temporary directory; the system cleans it eventually
      }
    }
  }
}
