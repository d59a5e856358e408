package org.stepindex.trainer;

import java.nio.file.Path;

/**
 * A training run as the user asked for it: each nullable value not given falls back to the resumed
 * checkpoint's value, then to Pythia's (see {@link TrainPlan#resolve}).
 *
 * @param data the Megatron dataset prefix (or its {@code .idx})
 * @param tokenizer the {@code tokenizer.json}
 * @param out the run's output directory: checkpoints {@code stepN/} and {@code train-log.jsonl}
 * @param preset a {@link Presets} name for a fresh run, or null
 * @param modelConfig a {@code config.json} for a fresh run, or null
 * @param resume null for a fresh run, {@code auto} for the latest checkpoint in {@code out} (a
 *     fresh run if none), or a checkpoint directory
 * @param startStep the first step to train ({@code A} of {@code --steps A:B}), or null
 * @param endStep the step to stop at ({@code B}), or null
 * @param totalSteps the schedule's horizon, or null
 * @param batchSize sequences per step, or null
 * @param seqLength tokens used per sequence, or null
 * @param microBatch sequences per forward/backward pass, or null
 * @param learningRate the peak learning rate, or null
 * @param warmup the warm-up (fraction below 1, else steps), or null
 * @param minLrRatio the decay's floor as a fraction of the peak, or null
 * @param weightDecay AdamW's weight decay, or null
 * @param gradClip the gradient-norm limit (0: off), or null
 * @param seed the initial weights' seed, or null
 * @param save the checkpoint schedule, or null
 */
public record TrainRequest(
    Path data,
    Path tokenizer,
    Path out,
    String preset,
    Path modelConfig,
    String resume,
    Long startStep,
    Long endStep,
    Long totalSteps,
    Integer batchSize,
    Integer seqLength,
    Integer microBatch,
    Double learningRate,
    Double warmup,
    Double minLrRatio,
    Double weightDecay,
    Double gradClip,
    Long seed,
    String save) {

  /**
   * A fresh run with every other value left to its default.
   *
   * @param data the dataset
   * @param tokenizer the tokenizer
   * @param out the output directory
   * @param preset the model preset
   * @return the request
   */
  public static TrainRequest fresh(Path data, Path tokenizer, Path out, String preset) {
    return new TrainRequest(
        data, tokenizer, out, preset, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null);
  }
}
