package org.stepindex.eval.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names of the files a run writes into its output directory, written and read here only: {@code
 * <task>-step<N>.jsonl} with one record per prompt, {@code <task>-step<N>.summary.json} with the
 * task's summary, and further files {@code <task>-step<N>.<suffix>}; {@code step-unknown} stands
 * for an unknown step.
 */
public final class EvalFiles {
  /** The suffix of an instances file. */
  public static final String INSTANCES = "jsonl";

  /** The suffix of a summary file. */
  public static final String SUMMARY = "summary.json";

  private static final String UNKNOWN = "-unknown";
  // The task is the longest prefix before "-step": task names hold hyphens (crows-pairs).
  private static final Pattern NAME =
      Pattern.compile("(.+)-step(\\d{1,18}|" + UNKNOWN + ")\\.(.+)");

  private EvalFiles() {}

  /**
   * What a file's name says.
   *
   * @param task the task, e.g. {@code crows-pairs}
   * @param step the checkpoint's step, or null for {@code step-unknown}
   * @param suffix what follows the step and its dot: {@value #INSTANCES}, {@value #SUMMARY} or a
   *     further file's
   */
  public record Name(String task, Long step, String suffix) {}

  /**
   * The instances (JSON Lines) file of {@code task} at {@code step} ({@code null} if unknown) in
   * {@code dir}.
   */
  public static Path instances(Path dir, String task, Long step) {
    return side(dir, task, step, INSTANCES);
  }

  /** The summary file of {@code task} at {@code step} ({@code null} if unknown) in {@code dir}. */
  public static Path summary(Path dir, String task, Long step) {
    return side(dir, task, step, SUMMARY);
  }

  /**
   * A further file of {@code task} at {@code step} in {@code dir}, {@code <task>-step<N>.<suffix>},
   * e.g. the memorization task's {@code slices.csv}.
   */
  public static Path side(Path dir, String task, Long step, String suffix) {
    return dir.resolve(task + "-step" + (step == null ? UNKNOWN : step) + "." + suffix);
  }

  /**
   * Reads a file's name as this class writes names.
   *
   * @param file a file, e.g. {@code out/arithmetic-step13000.jsonl}
   * @return what its name says, or empty when it is not such a name
   */
  public static Optional<Name> parse(Path file) {
    Path name = file.getFileName();
    Matcher m = name == null ? null : NAME.matcher(name.toString());
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    Long step = m.group(2).equals(UNKNOWN) ? null : Long.valueOf(m.group(2));
    return Optional.of(new Name(m.group(1), step, m.group(3)));
  }

  /**
   * The files of a kind in a directory, by name.
   *
   * @param dir an eval output directory; none when it is not a directory
   * @param task the task, or null for every task
   * @param suffix {@value #INSTANCES}, {@value #SUMMARY} or a further file's suffix
   * @return the files, sorted by name
   * @throws IOException if the directory cannot be listed
   */
  public static List<Path> list(Path dir, String task, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(
              p ->
                  parse(p)
                      .filter(
                          n -> n.suffix().equals(suffix) && (task == null || n.task().equals(task)))
                      .isPresent())
          .sorted()
          .toList();
    }
  }
}
