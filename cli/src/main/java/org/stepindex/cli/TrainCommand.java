package org.stepindex.cli;

import ai.djl.ndarray.types.DataType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.intervention.Intervention;
import org.stepindex.indexer.intervention.Interventions;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.trainer.StepMetrics;
import org.stepindex.trainer.TrainConfig;
import org.stepindex.trainer.TrainPlan;
import org.stepindex.trainer.TrainRequest;
import org.stepindex.trainer.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stepindex train}: train GPT-NeoX in the data's exact step order, with checkpoints and
 * exact resume.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a GPT-NeoX model in the exact data order: step s trains on sequences [s*B, (s+1)*B), inputs seq[:L-1],"
          + " labels seq[1:L], mean cross-entropy; AdamW (betas 0.9/0.95, eps 1e-8, no decay on biases and layer"
          + " norms), linear warm-up then cosine decay to --min-lr-ratio x --lr at --total-steps, global-norm clipping.",
      "Checkpoints DIR/stepN/ are Hugging Face checkpoints (eval and transformers load them) plus the optimizer and"
          + " trainer state; --resume continues bit for bit. Steps are logged to DIR/train-log.jsonl.",
      "Values not given on a resume are the checkpoint's; otherwise Pythia's.",
    })
final class TrainCommand implements Callable<Integer> {
  @Option(
      names = "--data",
      required = true,
      paramLabel = "PATH",
      description = "Megatron dataset prefix (document for document.bin/.idx).")
  Path data;

  @Option(
      names = "--tokenizer",
      required = true,
      paramLabel = "FILE",
      description = "tokenizer.json (copied into every checkpoint).")
  Path tokenizer;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Run directory: stepN/ checkpoints and train-log.jsonl.")
  Path out;

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description =
          "Model shape for a fresh run: tiny, mini, 70m, 160m, 410m, 1b, 1.4b, 2.8b, 6.9b, 12b.")
  String preset;

  @Option(
      names = "--model-config",
      paramLabel = "FILE",
      description = "Model shape for a fresh run, as a Hugging Face config.json.")
  Path modelConfig;

  @Option(
      names = "--steps",
      paramLabel = "A:B",
      converter = Steps.Converter.class,
      description =
          "Train steps A to B-1 and save stepB. A defaults to the resumed step or 0, B to --total-steps.")
  Steps steps;

  @Option(
      names = "--total-steps",
      paramLabel = "T",
      description = "Where the cosine decay ends (default: B, or the resumed run's).")
  Long totalSteps;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      description = "Sequences per step (default: 1024, Pythia's).")
  Integer batchSize;

  @Option(
      names = "--seq-length",
      paramLabel = "L",
      description = "Tokens used of each sequence (default: the data's, 2049 for Pythia).")
  Integer seqLength;

  @Option(
      names = "--micro-batch",
      paramLabel = "M",
      description = "Sequences per forward/backward; gradients are accumulated (default: B).")
  Integer microBatch;

  @Option(
      names = "--lr",
      paramLabel = "X",
      description = "Peak learning rate (default: the preset's Pythia rate, else 6e-4).")
  Double learningRate;

  @Option(
      names = "--warmup",
      paramLabel = "X",
      description = "Warm-up: a fraction of --total-steps below 1, else steps (default: 0.01).")
  Double warmup;

  @Option(
      names = "--min-lr-ratio",
      paramLabel = "X",
      description = "Floor of the decay as a fraction of --lr (default: 0.1).")
  Double minLrRatio;

  @Option(
      names = "--weight-decay",
      paramLabel = "X",
      description = "AdamW decoupled weight decay (default: 0.01).")
  Double weightDecay;

  @Option(
      names = "--grad-clip",
      paramLabel = "X",
      description = "Global gradient-norm limit, 0 for none (default: 1.0).")
  Double gradClip;

  @Option(
      names = "--resume",
      paramLabel = "CKPT",
      description =
          "A checkpoint directory to continue from, or 'auto': the latest stepN in --out (a fresh run if none).")
  String resume;

  @Option(
      names = "--save",
      paramLabel = "SCHEDULE",
      description =
          "Checkpoint steps: pythia, every:N or a list (default: pythia); the last step is always saved.")
  String save;

  @Option(
      names = "--intervention",
      paramLabel = "SPEC",
      description =
          "Change the data from a step on, e.g. swap-pronouns@13000 or swap-pronouns@pct:7.")
  String intervention;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the initial weights (default: 1234).")
  Long seed;

  @Option(names = "--quiet", description = "No progress bar.")
  boolean quiet;

  @Mixin DeviceOptions device;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (device.dataType() != DataType.FLOAT32) {
      throw new StepIndexException(
          "training runs in float32; --dtype " + device.dtype + " is for evaluation");
    }
    StepRange range = steps == null ? new StepRange(null, null) : steps.range();
    TrainRequest request =
        new TrainRequest(
            data,
            tokenizer,
            out,
            preset,
            modelConfig,
            resume,
            range.from(),
            range.to(),
            totalSteps,
            batchSize,
            seqLength,
            microBatch,
            learningRate,
            warmup,
            minLrRatio,
            weightDecay,
            gradClip,
            seed,
            save);
    TrainPlan plan = TrainPlan.resolve(request);
    TrainConfig config = plan.config();
    AtomicReference<StepMetrics> last = new AtomicReference<>();
    long first = plan.startStep();
    long span = config.endStep() - first;
    try (HfTokenizer tok = HfTokenizer.load(tokenizer);
        Trainer trainer =
            Trainer.open(plan, device.device(), intervention(tok, config.totalSteps()))) {
      // Before the progress bar takes the line.
      trainer.resumeNote().ifPresent(note -> spec.commandLine().getErr().println("note: " + note));
      try (ProgressBar bar = ProgressBar.start(() -> status(last.get(), first, span), quiet)) {
        trainer.run(last::set);
      }
    }
    PrintWriter w = spec.commandLine().getOut();
    StepMetrics end = last.get();
    w.printf(
        Locale.ROOT,
        "trained steps %d to %d (%d x %d tokens per step); last loss %.4f; checkpoints in %s%n",
        first,
        config.endStep() - 1,
        config.batchSize(),
        config.seqLength(),
        end.loss(),
        out);
    return 0;
  }

  private static ProgressBar.Status status(StepMetrics m, long first, long span) {
    if (m == null) {
      return new ProgressBar.Status(0, "starting");
    }
    return new ProgressBar.Status(
        (double) (m.step() + 1 - first) / span,
        String.format(
            Locale.ROOT,
            "step %d  loss %.4f  lr %.3g  %s tok/s",
            m.step(),
            m.loss(),
            m.lr(),
            ProgressBar.human(m.tokensPerSecond())));
  }

  /**
   * Parses the intervention spec against the tokenizer and the run's horizon ({@code pct:} specs
   * are fractions of it).
   */
  private Intervention intervention(HfTokenizer tok, long totalSteps) {
    if (intervention == null) {
      return null;
    }
    return Interventions.parse(intervention, tok, totalSteps);
  }
}
