package org.stepindex.trainer;

import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.layout.StepLayout;

/**
 * Everything that decides what a training run computes, resolved from the command line and the
 * checkpoint it resumes; saved in every checkpoint's {@code trainer-state.json} so a resume
 * continues the same run.
 *
 * @param data the Megatron dataset prefix (or {@code .idx}/{@code .bin}) the run reads
 * @param tokenizer the {@code tokenizer.json} copied into each checkpoint
 * @param batchSize sequences per step, {@code B}: step {@code s} trains on sequences {@code [s·B,
 *     (s+1)·B)}
 * @param seqLength tokens used of each sequence, {@code L}: inputs are its first {@code L − 1},
 *     labels the next ones
 * @param microBatch sequences per forward/backward pass; gradients are accumulated over {@code
 *     ceil(B / M)} of them
 * @param endStep the run stops after training step {@code endStep − 1} and saves checkpoint {@code
 *     step<endStep>}
 * @param totalSteps the schedule's horizon: where the cosine decay reaches its floor (normally the
 *     run's end step)
 * @param learningRate the peak learning rate
 * @param warmup below 1, the warm-up as a fraction of {@code totalSteps} (Pythia: 0.01); from 1 on,
 *     a step count
 * @param minLrRatio the floor of the decay as a fraction of the peak (Pythia: 0.1)
 * @param weightDecay AdamW's decoupled weight decay (Pythia: 0.01)
 * @param gradClip the global gradient-norm limit; 0 turns clipping off (Pythia: 1.0)
 * @param beta1 AdamW's β1 (0.9)
 * @param beta2 AdamW's β2 (Pythia: 0.95)
 * @param eps AdamW's ε (1e-8)
 * @param seed the seed of the initial weights (training itself draws no random numbers: Pythia uses
 *     no dropout)
 * @param save the checkpoint schedule ({@code pythia}, {@code every:N} or a list)
 */
public record TrainConfig(
    String data,
    String tokenizer,
    int batchSize,
    int seqLength,
    int microBatch,
    long endStep,
    long totalSteps,
    double learningRate,
    double warmup,
    double minLrRatio,
    double weightDecay,
    double gradClip,
    double beta1,
    double beta2,
    double eps,
    long seed,
    String save) {

  /**
   * Validates the values; every failure is a one-line {@link StepIndexException} naming the option.
   */
  public TrainConfig {
    require(batchSize > 0, "--batch-size must be positive, not " + batchSize);
    require(
        seqLength >= 2,
        "--seq-length must be at least 2 (one input and one label), not " + seqLength);
    require(
        microBatch > 0 && microBatch <= batchSize,
        "--micro-batch must lie in [1, batch size " + batchSize + "], not " + microBatch);
    require(endStep > 0, "the end step must be positive, not " + endStep);
    require(totalSteps > 0, "--total-steps must be positive, not " + totalSteps);
    require(
        learningRate >= 0 && Double.isFinite(learningRate),
        "--lr must be a non-negative number, not " + learningRate);
    require(
        warmup >= 0 && Double.isFinite(warmup),
        "--warmup must be a non-negative number, not " + warmup);
    require(
        minLrRatio >= 0 && minLrRatio <= 1, "--min-lr-ratio must lie in [0, 1], not " + minLrRatio);
    require(
        weightDecay >= 0 && Double.isFinite(weightDecay),
        "--weight-decay must not be negative, not " + weightDecay);
    require(
        gradClip >= 0 && Double.isFinite(gradClip),
        "--grad-clip must not be negative (0: off), not " + gradClip);
    new AdamW.Settings(beta1, beta2, eps, weightDecay); // validates them
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new StepIndexException(message);
    }
  }

  /**
   * Returns the warm-up in steps: {@code warmup · totalSteps} below 1, else {@code warmup} itself.
   *
   * @return the warm-up length, possibly fractional as in GPT-NeoX
   */
  public double warmupSteps() {
    return warmup < 1 ? warmup * totalSteps : warmup;
  }

  /**
   * Returns the step layout the run reads its data by.
   *
   * @return {@code batchSize} sequences per step, the first {@code seqLength} tokens of each kept
   */
  public StepLayout layout() {
    return new StepLayout(batchSize, seqLength);
  }

  /**
   * Returns the learning-rate schedule.
   *
   * @return linear warm-up to {@code learningRate}, cosine decay to {@code minLrRatio ·
   *     learningRate} at {@code totalSteps}
   */
  public LrSchedule schedule() {
    return new LrSchedule(learningRate, learningRate * minLrRatio, warmupSteps(), totalSteps);
  }

  /**
   * Returns the optimizer's constants.
   *
   * @return betas, eps and weight decay
   */
  public AdamW.Settings adam() {
    return new AdamW.Settings(beta1, beta2, eps, weightDecay);
  }
}
