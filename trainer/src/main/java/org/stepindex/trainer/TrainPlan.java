package org.stepindex.trainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.function.Function;
import org.stepindex.eval.model.CheckpointNames;
import org.stepindex.eval.model.GptNeoXConfig;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.layout.CheckpointSchedule;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * A training run resolved and checked before anything is written: the settings, the model shape,
 * where the weights come from and the first step.
 *
 * @param config the run's settings
 * @param model the model shape
 * @param out the output directory
 * @param resumeFrom the checkpoint whose weights the run starts from, or null for freshly
 *     initialized weights
 * @param resumeState that checkpoint's trainer state when it has one (an exact resume), else null
 * @param startStep the first step to train
 */
public record TrainPlan(
    TrainConfig config,
    GptNeoXConfig model,
    Path out,
    Path resumeFrom,
    TrainerState resumeState,
    long startStep) {

  /** GPT-NeoX's default peak learning rate, for a model given by config file. */
  static final double DEFAULT_LR = 6e-4;

  /** The batch size of every Pythia model. */
  static final int DEFAULT_BATCH = 1024;

  /** Pythia's seed. */
  static final long DEFAULT_SEED = 1234;

  /**
   * Resolves a request. Values the request leaves null come from the resumed checkpoint's trainer
   * state when there is one, else from Pythia's settings (warm-up 1%, min-lr ratio 0.1, weight
   * decay 0.01, clipping 1.0, batch 1024, the preset's learning rate, save schedule {@code
   * pythia}); the sequence length defaults to the data's.
   *
   * @param request what the user asked for
   * @return the plan
   * @throws StepIndexException with a one-line message for any inconsistent or invalid request
   */
  public static TrainPlan resolve(TrainRequest request) {
    require(request.data() != null, "--data is required");
    require(request.tokenizer() != null, "--tokenizer is required");
    require(request.out() != null, "--out is required");
    require(
        request.preset() == null || request.modelConfig() == null,
        "give --preset or --model-config, not both");
    int tokenizerVocab;
    try (HfTokenizer tokenizer = HfTokenizer.load(request.tokenizer())) {
      tokenizerVocab = tokenizer.vocabSize();
    }
    Presets.Preset preset =
        request.preset() == null ? null : Presets.get(request.preset(), tokenizerVocab);
    GptNeoXConfig asked =
        preset != null
            ? preset.config()
            : request.modelConfig() != null ? GptNeoXConfig.read(request.modelConfig()) : null;

    Path resumeFrom = resumeDir(request);
    TrainerState state =
        resumeFrom != null && TrainerState.existsIn(resumeFrom)
            ? TrainerState.read(resumeFrom)
            : null;
    TrainConfig previous = state == null ? null : state.config();
    GptNeoXConfig model;
    if (resumeFrom != null) {
      model = GptNeoXConfig.read(resumeFrom);
      require(
          asked == null || asked.equals(model),
          "checkpoint "
              + resumeFrom
              + " has another model shape than "
              + (preset != null ? "--preset " + request.preset() : "--model-config"));
    } else {
      require(
          asked != null,
          "give --preset NAME or --model-config FILE for a fresh run (or --resume a checkpoint)");
      model = asked;
    }
    require(
        model.vocabSize() >= tokenizerVocab,
        "the model's vocabulary ("
            + model.vocabSize()
            + ") does not cover the tokenizer's "
            + tokenizerVocab
            + " ids");

    long startStep = startStep(request, resumeFrom, state);
    Long end =
        request.endStep() != null
            ? request.endStep()
            : request.totalSteps() != null
                ? request.totalSteps()
                : previous != null ? previous.totalSteps() : null;
    require(end != null, "give the steps to train, --steps A:B (or --total-steps)");
    require(
        end > startStep,
        "--steps " + startStep + ":" + end + " trains nothing; the end must be after the start");
    long totalSteps =
        request.totalSteps() != null
            ? request.totalSteps()
            : previous != null ? previous.totalSteps() : end;

    int batchSize = pick(request.batchSize(), previous, TrainConfig::batchSize, DEFAULT_BATCH);
    if (previous != null && batchSize != previous.batchSize()) {
      throw new StepIndexException(
          "--batch-size "
              + batchSize
              + " differs from the "
              + previous.batchSize()
              + " of checkpoint "
              + resumeFrom
              + "; the step → sequence mapping would change");
    }
    Integer seqLength =
        request.seqLength() != null
            ? request.seqLength()
            : previous != null ? Integer.valueOf(previous.seqLength()) : null;
    if (seqLength == null) {
      try (MegatronDataset dataset = MegatronDataset.open(request.data())) {
        long first = startStep * batchSize;
        require(
            first < dataset.sequenceCount(),
            "step "
                + startStep
                + " starts at sequence "
                + first
                + ", beyond the "
                + dataset.sequenceCount()
                + " sequences of "
                + dataset.idxPath());
        seqLength = dataset.size(first);
      }
    }
    require(
        seqLength - 1 <= model.maxPositions(),
        "--seq-length "
            + seqLength
            + " gives "
            + (seqLength - 1)
            + " inputs, more than the model's context of "
            + model.maxPositions());
    int microBatch =
        request.microBatch() != null
            ? request.microBatch()
            : previous != null ? Math.min(previous.microBatch(), batchSize) : batchSize;
    double presetLr = preset != null ? preset.learningRate() : DEFAULT_LR;
    String save =
        request.save() != null ? request.save() : previous != null ? previous.save() : "pythia";
    save = CheckpointSchedule.parse(save).spec();
    AdamW.Settings pythia = AdamW.Settings.pythia();

    TrainConfig config =
        new TrainConfig(
            request.data().toAbsolutePath().toString(),
            request.tokenizer().toAbsolutePath().toString(),
            batchSize,
            seqLength,
            microBatch,
            end,
            totalSteps,
            pick(request.learningRate(), previous, TrainConfig::learningRate, presetLr),
            pick(request.warmup(), previous, TrainConfig::warmup, 0.01),
            pick(request.minLrRatio(), previous, TrainConfig::minLrRatio, 0.1),
            pick(request.weightDecay(), previous, TrainConfig::weightDecay, pythia.weightDecay()),
            pick(request.gradClip(), previous, TrainConfig::gradClip, 1.0),
            previous != null ? previous.beta1() : pythia.beta1(),
            previous != null ? previous.beta2() : pythia.beta2(),
            previous != null ? previous.eps() : pythia.eps(),
            pick(request.seed(), previous, TrainConfig::seed, DEFAULT_SEED),
            save);
    return new TrainPlan(config, model, request.out(), resumeFrom, state, startStep);
  }

  private static Path resumeDir(TrainRequest request) {
    if (request.resume() == null) {
      return null;
    }
    if (request.resume().equals("auto")) {
      return Checkpoints.latest(request.out()).orElse(null);
    }
    Path dir = Path.of(request.resume());
    require(
        Files.isRegularFile(dir.resolve("config.json")),
        "--resume "
            + request.resume()
            + " is not a checkpoint directory (no config.json); give a stepN directory or 'auto'");
    return dir;
  }

  private static long startStep(TrainRequest request, Path resumeFrom, TrainerState state) {
    if (resumeFrom == null) {
      long start = request.startStep() != null ? request.startStep() : 0;
      require(start >= 0, "the start step must not be negative, not " + start);
      return start;
    }
    OptionalLong named =
        state != null ? OptionalLong.of(state.step()) : CheckpointNames.parse(resumeFrom);
    if (request.startStep() == null) {
      require(
          named.isPresent(),
          "cannot tell the step of checkpoint "
              + resumeFrom
              + " (no trainer-state.json, not named stepN); give --steps A:B");
      return named.getAsLong();
    }
    require(
        named.isEmpty() || named.getAsLong() == request.startStep(),
        "--steps starts at "
            + request.startStep()
            + " but checkpoint "
            + resumeFrom
            + " is at step "
            + named.orElse(-1));
    require(
        request.startStep() >= 0,
        "the start step must not be negative, not " + request.startStep());
    return request.startStep();
  }

  private static <T> T pick(
      T asked, TrainConfig previous, Function<TrainConfig, T> fromPrevious, T fallback) {
    return asked != null ? asked : previous != null ? fromPrevious.apply(previous) : fallback;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new StepIndexException(message);
    }
  }
}
