package org.stepindex.eval.correlate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model a checkpoint directory belongs to, so that checkpoints of one model group together across steps.
 *
 * <p>Eval files name the checkpoint's directory, which often holds the step: {@code /m/pythia-70m/step1000},
 * {@code /m/pythia-70m-step1000}. The label is the directory's last path component after removing trailing path
 * components that are a step ({@code step1000}, {@code global_step1000}, {@code revision-step1000}) and a step suffix
 * ({@code -step1000}, {@code _step1000}, {@code @step1000}) from the last one left. A directory without a step keeps
 * its last component; an empty result keeps the directory as given.
 */
public final class ModelNames {
  private static final Pattern STEP_COMPONENT = Pattern.compile("(?i)(global_|revision-)?step\\d+");
  private static final Pattern STEP_SUFFIX = Pattern.compile("(?i)[-_@]step\\d+$");

  private static final Pattern SIZE = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)([mb])(?![a-z])");

  /**
   * Orders model labels as the Pythia study's figures do, smallest model first: by the parameter count a label
   * names ({@code 70m}, {@code 1.4b}, {@code 12b}), labels without one after those, then by the label.
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

  /** The model label of a checkpoint directory, e.g. {@code pythia-70m} for {@code /m/pythia-70m/step1000}. */
  public static String label(String dir) {
    List<String> parts = new ArrayList<>(List.of(dir.split("[/\\\\]+")));
    parts.removeIf(String::isEmpty);
    while (parts.size() > 1 && STEP_COMPONENT.matcher(parts.getLast()).matches()) {
      parts.removeLast();
    }
    if (parts.isEmpty()) {
      return dir;
    }
    String last = STEP_SUFFIX.matcher(parts.getLast()).replaceFirst("");
    return last.isEmpty() ? dir : last;
  }
}
