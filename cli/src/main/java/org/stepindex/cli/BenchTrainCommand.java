package org.stepindex.cli;

import ai.djl.ndarray.types.DataType;
import java.util.concurrent.Callable;
import org.stepindex.bench.Machine;
import org.stepindex.bench.model.TrainBench;
import org.stepindex.indexer.base.StepIndexException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stepindex bench-train}: training throughput against the machine's matmul peak. */
@Command(
    name = "bench-train",
    mixinStandardHelpOptions = true,
    description = {
      "Measure training: whole steps (data, forward, backward, clipping, AdamW) of a preset on a small synthetic"
          + " corpus; tokens/s and achieved FLOP/s (6 x non-embedding parameters x tokens + attention) beside DJL's"
          + " float32 matmul peak measured in the same run.",
    })
final class BenchTrainCommand implements Callable<Integer> {
  @Option(
      names = "--preset",
      defaultValue = "70m",
      paramLabel = "NAME",
      description = "Model shape (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(
      names = "--batch-size",
      defaultValue = "4",
      paramLabel = "B",
      description = "Sequences per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--seq-length",
      defaultValue = "129",
      paramLabel = "L",
      description = "Tokens per sequence, inputs + 1 (default: ${DEFAULT-VALUE}).")
  int seqLength;

  @Option(
      names = "--micro-batch",
      paramLabel = "M",
      description = "Sequences per forward/backward (default: the batch).")
  Integer microBatch;

  // An initial value, not defaultValue: picocli would apply a default after the hidden --steps had
  // set the field.
  @Option(
      names = "--iterations",
      paramLabel = "N",
      description =
          "Timed steps after one warm-up step, as bench-model's timed forwards (default: ${DEFAULT-VALUE}).")
  int iterations = 3;

  /**
   * The old name of {@code --iterations}, kept working for scripts: everywhere else {@code --steps}
   * is a set of steps.
   */
  @Option(names = "--steps", hidden = true, paramLabel = "N")
  void oldSteps(int n) {
    iterations = n;
  }

  @Option(
      names = "--matmul-size",
      defaultValue = "1024",
      paramLabel = "N",
      description = "Square matmul for the peak (default: ${DEFAULT-VALUE}).")
  int matmulSize;

  @Mixin DeviceOptions device;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (device.dataType() != DataType.FLOAT32) {
      throw new StepIndexException(
          "training runs in float32; --dtype " + device.dtype + " is for evaluation");
    }
    TrainBench.Report report =
        TrainBench.run(
            preset,
            device.device(),
            batchSize,
            seqLength,
            microBatch == null ? batchSize : microBatch,
            iterations,
            matmulSize);
    spec.commandLine().getOut().println(Machine.current().line());
    spec.commandLine().getOut().print(report.format());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
