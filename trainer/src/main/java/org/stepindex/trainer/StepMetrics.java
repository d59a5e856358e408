package org.stepindex.trainer;

import java.util.Locale;

/**
 * What one training step did; one line of {@code train-log.jsonl}.
 *
 * @param step the 0-based step
 * @param loss mean cross-entropy over the step's label tokens, in nats
 * @param lr the learning rate of its update
 * @param gradNorm the global gradient norm before clipping
 * @param tokens label tokens trained on in the step, {@code B · (L − 1)}
 * @param tokensPerSecond {@code tokens / seconds}
 * @param seconds wall time of the step, data reading and update included
 */
public record StepMetrics(
    long step,
    double loss,
    double lr,
    double gradNorm,
    long tokens,
    double tokensPerSecond,
    double seconds) {

  /**
   * Formats the metrics as one JSON object without a line break.
   *
   * @return {@code
   *     {"step":…,"loss":…,"lr":…,"grad_norm":…,"tokens":…,"tokens_per_s":…,"seconds":…}}
   */
  public String toJson() {
    return String.format(
        Locale.ROOT,
        "{\"step\":%d,\"loss\":%s,\"lr\":%s,\"grad_norm\":%s,\"tokens\":%d,\"tokens_per_s\":%.1f,\"seconds\":%.4f}",
        step,
        number(loss),
        number(lr),
        number(gradNorm),
        tokens,
        tokensPerSecond,
        seconds);
  }

  /** JSON has no NaN or infinity; a diverged loss is written as null. */
  private static String number(double value) {
    return Double.isFinite(value) ? Double.toString(value) : "null";
  }
}
