package org.stepindex.cli.demo;

import java.nio.file.Path;
import java.util.List;

/**
 * What a study produced.
 *
 * @param out the study directory (corpus, index, runs, eval, correlate, report)
 * @param report the HTML report
 * @param summary a short account of what the run shows, one line each, for the terminal
 * @param seconds wall time of the whole study
 */
public record StudyResult(Path out, Path report, List<String> summary, double seconds) {
  public StudyResult {
    summary = List.copyOf(summary);
  }
}
