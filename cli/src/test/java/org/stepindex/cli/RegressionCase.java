package org.stepindex.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One case of {@code regressions/}: a fixed run of stepindex and the numbers it must keep giving.
 * Its file, {@code regressions/NAME.txt}, pins them; {@link RegressionsTest} runs the case and
 * compares.
 */
interface RegressionCase {
  /**
   * The file's name without {@code .txt}, and the name that {@code regressions/update NAME} takes.
   */
  String name();

  /**
   * The file's comment lines: what the case runs, and why each value is exact or within a
   * tolerance.
   */
  List<String> about();

  /**
   * Runs the case and returns every pinned value, in the order the file lists them.
   *
   * @param work an empty directory for what the run writes, deleted afterwards
   */
  Map<String, Pinned> measure(Path work);
}
