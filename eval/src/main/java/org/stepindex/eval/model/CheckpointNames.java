package org.stepindex.eval.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one naming rule of checkpoint folders, read and written by the trainer, {@code stepindex
 * eval} and the correlation alike.
 *
 * <p>A checkpoint folder is written as {@code stepN} ({@link #name}), as Pythia's revisions are
 * named. A name is read as a checkpoint's when it is {@code stepN} or ends in {@code stepN} after a
 * character that is not a letter or digit, the part before that character naming the model: {@code
 * pythia-1b-deduped-step143000}, {@code run_step512}, {@code pythia-70m@step1000}; {@code step} in
 * any case, {@code N} a whole number ({@link #stepOf}). A folder whose name is a step alone ({@code
 * stepN}, Megatron's {@code global_stepN}, {@code revision-stepN}) belongs to the model its parent
 * names ({@link #modelLabel}). Not checkpoint names: {@code laststep5}, {@code step13000-old},
 * {@code step}.
 */
public final class CheckpointNames {
  /** What the written form puts before the step. */
  public static final String PREFIX = "step";

  // The written form exactly: what the trainer finds again among its own folders.
  private static final Pattern WRITTEN = Pattern.compile(PREFIX + "(\\d{1,18})");
  // Any name read as a checkpoint's: group 1 the model part and its separator (absent for a bare
  // stepN), group 2 N.
  private static final Pattern READ = Pattern.compile("(?i)(.*[^A-Za-z0-9])?" + PREFIX + "(\\d+)");
  // The prefixes of a name that is a step alone, with their separator.
  private static final Pattern STEP_ONLY_PREFIX = Pattern.compile("(?i)global_|revision-");
  // A step of more digits does not fit a long: the name is still a checkpoint's, its step unknown.
  private static final int MAX_DIGITS = 18;

  private CheckpointNames() {}

  /**
   * The folder name of a step's checkpoint.
   *
   * @param step the training step
   * @return {@code step<step>}
   */
  public static String name(long step) {
    return PREFIX + step;
  }

  /**
   * The folder of a step's checkpoint.
   *
   * @param parent the folder that holds a run's checkpoints
   * @param step the training step
   * @return {@code parent/step<step>}
   */
  public static Path dir(Path parent, long step) {
    return parent.resolve(name(step));
  }

  /**
   * The step of a folder name in the written form exactly, as {@link #name} writes it.
   *
   * @param name a folder name, such as {@code step13000}
   * @return the step, or empty for any other name (also {@code pythia-step13000})
   */
  public static OptionalLong parse(String name) {
    Matcher m = WRITTEN.matcher(name);
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }

  /**
   * The step of a folder's written-form name ({@link #parse}).
   *
   * @param dir a folder, such as {@code run/step13000}
   * @return the step, or empty when its name is not {@code stepN}
   */
  public static OptionalLong parse(Path dir) {
    Path name = dir.getFileName();
    return name == null ? OptionalLong.empty() : parse(name.toString());
  }

  /**
   * The step a checkpoint folder's name gives, in any spelling the rule reads.
   *
   * @param dir a folder, such as {@code models/pythia-1b/step13000} or {@code pythia-1b-step13000}
   * @return the step, or empty when the name is not a checkpoint's (or its step has more than 18
   *     digits)
   */
  public static OptionalLong stepOf(Path dir) {
    Path name = dir.getFileName();
    Matcher m = name == null ? null : READ.matcher(name.toString());
    if (m == null || !m.matches() || m.group(2).length() > MAX_DIGITS) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(m.group(2)));
  }

  /**
   * The model a checkpoint folder belongs to, so that one model's checkpoints group together across
   * steps: {@code pythia-70m} for {@code /m/pythia-70m/step1000}, {@code /m/pythia-70m-step1000}
   * and {@code /m/pythia-70m/global_step1000}.
   *
   * <p>Trailing path components that are a step alone are dropped (while another is left), then the
   * step and its separator are cut from the last one. A folder without a step keeps its last
   * component; an empty result keeps the folder as given.
   *
   * @param dir a checkpoint folder as written in eval records
   * @return the model label
   */
  public static String modelLabel(String dir) {
    List<String> parts = new ArrayList<>(List.of(dir.split("[/\\\\]+")));
    parts.removeIf(String::isEmpty);
    while (parts.size() > 1 && isStepAlone(parts.getLast())) {
      parts.removeLast();
    }
    if (parts.isEmpty()) {
      return dir;
    }
    Matcher m = READ.matcher(parts.getLast());
    if (!m.matches() || m.group(1) == null) {
      return parts.getLast();
    }
    String model = m.group(1).substring(0, m.group(1).length() - 1);
    return model.isEmpty() ? dir : model;
  }

  private static boolean isStepAlone(String component) {
    Matcher m = READ.matcher(component);
    return m.matches() && (m.group(1) == null || STEP_ONLY_PREFIX.matcher(m.group(1)).matches());
  }
}
