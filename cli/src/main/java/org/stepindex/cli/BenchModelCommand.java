package org.stepindex.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.stepindex.bench.Machine;
import org.stepindex.bench.model.ModelBench;
import org.stepindex.eval.model.GptNeoX;
import org.stepindex.eval.model.GptNeoXConfig;
import org.stepindex.eval.model.RandomCheckpoint;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.StepIndexException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stepindex bench-model}: forward throughput against the machine's matmul peak. */
@Command(
    name = "bench-model",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the model's forward pass: tokens/s and achieved FLOP/s at several batch sizes, beside DJL's float32"
          + " matmul peak measured in the same run (FLOPs = 2 x non-embedding parameters x tokens + attention).",
      "Without --model, a randomly initialized Pythia-70M-shaped model is used (6 layers, 512 wide, 8 heads).",
    })
final class BenchModelCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      paramLabel = "DIR",
      description = "A GPT-NeoX checkpoint (default: a random Pythia-70M shape).")
  Path model;

  @Mixin DeviceOptions device;

  @Option(
      names = "--seq-length",
      defaultValue = "128",
      paramLabel = "L",
      description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
  int seqLength;

  @Option(
      names = "--batches",
      defaultValue = "1,4,16",
      paramLabel = "LIST",
      description = "Batch sizes (default: ${DEFAULT-VALUE}).")
  String batches;

  @Option(
      names = "--iterations",
      defaultValue = "5",
      paramLabel = "N",
      description = "Timed forwards per batch size (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(
      names = "--matmul-size",
      defaultValue = "1024",
      paramLabel = "N",
      description = "Square matmul for the peak (default: ${DEFAULT-VALUE}).")
  int matmulSize;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    int[] batchSizes;
    try {
      batchSizes =
          Arrays.stream(batches.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    } catch (NumberFormatException e) {
      throw new StepIndexException("--batches must be a comma list of numbers, got " + batches);
    }
    Path dir = model;
    Path temp = null;
    if (dir == null) {
      temp = Files.createTempDirectory("stepindex-bench-model-");
      dir = temp;
      GptNeoXConfig pythia70m =
          new GptNeoXConfig(
              50304,
              512,
              6,
              8,
              2048,
              0.25,
              10000,
              2048,
              1e-5,
              true,
              GptNeoXConfig.Activation.GELU_EXACT,
              true,
              false,
              0);
      RandomCheckpoint.write(dir, pythia70m, 1);
    }
    try (GptNeoX gpt = GptNeoX.load(dir, device.device(), device.dataType())) {
      ModelBench.Report report = ModelBench.run(gpt, seqLength, batchSizes, iterations, matmulSize);
      spec.commandLine().getOut().println(Machine.current().line());
      spec.commandLine().getOut().println(report.format());
    } finally {
      if (temp != null) {
        AtomicFiles.deleteTree(temp);
      }
    }
    return 0;
  }
}
