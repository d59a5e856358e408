package org.stepindex.eval.correlate;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order of model labels ({@link org.stepindex.eval.model.CheckpointNames#modelLabel}, e.g.
 * {@code pythia-70m}) in tables and figures.
 */
public final class ModelNames {
  private static final Pattern SIZE = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)([mb])(?![a-z])");

  /**
   * Orders model labels as the Pythia study's figures do, smallest model first: by the parameter
   * count a label names ({@code 70m}, {@code 1.4b}, {@code 12b}), labels without one after those,
   * then by the label.
   */
  public static final Comparator<String> BY_SIZE =
      Comparator.comparingDouble(ModelNames::parameters).thenComparing(Comparator.naturalOrder());

  private ModelNames() {}

  private static double parameters(String label) {
    Matcher m = SIZE.matcher(label);
    if (!m.find()) {
      return Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(m.group(1)) * (m.group(2).equalsIgnoreCase("b") ? 1e9 : 1e6);
  }
}
