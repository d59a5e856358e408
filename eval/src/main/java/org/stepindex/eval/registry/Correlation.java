package org.stepindex.eval.registry;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.stepindex.eval.report.ReportSection;
import org.stepindex.indexer.base.StepIndexException;

/**
 * A task's join of its per-instance results with frequencies from the index: {@code stepindex
 * correlate NAME}.
 */
public interface Correlation {
  /**
   * Reads the task's instances, joins them with the index's counts at each checkpoint's step,
   * writes the tables into {@code out} and prints what it found and wrote.
   *
   * @param index the index directory, opened once the inputs are read
   * @param eval an eval output directory or one instances file
   * @param options the values of the correlation's options
   * @param out where the tables go
   * @param w where the summary table and the files written are printed
   * @throws StepIndexException when an input is missing or malformed
   */
  void run(Path index, Path eval, CorrelateOptions options, Path out, PrintWriter w);

  /** The report section the correlation's tables appear in. */
  ReportSection reportSection();
}
