package org.stepindex.eval.registry;

import java.util.Locale;
import org.stepindex.eval.tasks.RunSummary;

/** How the commands print values in summary lines: the same cells for every task. */
final class SummaryLines {
  /** The header of few-shot accuracy lines ({@link #accuracy}). */
  static final String ACCURACY_HEADER =
      String.format(Locale.ROOT, "%-40s %8s %7s %9s  %s", "model", "step", "n", "accuracy", "by k");

  private SummaryLines() {}

  /** A few-shot task's summary: model, step, n, accuracy and accuracy by k. */
  static String accuracy(Object summary) {
    RunSummary r = (RunSummary) summary;
    return String.format(
        Locale.ROOT,
        "%-40s %8s %7d %9.4f  %s",
        r.model(),
        step(r.step()),
        r.n(),
        r.accuracy(),
        r.byK());
  }

  /** A checkpoint's step, {@code ?} when unknown. */
  static String step(Long step) {
    return step == null ? "?" : step.toString();
  }

  /** A rate with four decimals, {@code -} when undefined. */
  static String rate(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
  }

  /** A number in {@code pattern}, {@code -} when undefined (NaN). */
  static String number(double value, String pattern) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, pattern, value);
  }
}
