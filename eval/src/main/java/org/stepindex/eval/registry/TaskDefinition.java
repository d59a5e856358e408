package org.stepindex.eval.registry;

import java.io.IOException;
import java.util.Optional;
import org.stepindex.eval.model.ModelSession;
import org.stepindex.eval.report.ReportSection;
import org.stepindex.eval.tasks.ModelOpener;
import org.stepindex.indexer.base.StepIndexException;

/**
 * An eval task as the commands see it: everything {@code stepindex eval}, {@code correlate} and
 * {@code report} need.
 */
public interface TaskDefinition {
  /**
   * The task's name: {@code --task NAME}, and the start of its output files' names ({@code
   * EvalFiles}).
   */
  String name();

  /** The task's paragraph of {@code stepindex eval --help}, starting with its name. */
  String help();

  /**
   * What the progress bar counts: {@code prompts}, {@code pairs}, {@code sentences}, {@code
   * sequences}.
   */
  String unit();

  /**
   * Reads the options the task takes and its inputs, and prepares its run; nothing loads a model
   * yet, so that bad input fails first.
   *
   * @param options the values of {@code stepindex eval}'s options
   * @param sessions opens a checkpoint directory's model
   * @return the run, to be started over the checkpoints
   * @throws StepIndexException when an option or input the task needs is missing or bad
   */
  TaskRun prepare(EvalOptions options, ModelOpener<ModelSession> sessions) throws IOException;

  /** The line printed above the summaries' lines, or null for none. */
  String summaryHeader();

  /**
   * One checkpoint's summary, as {@code prepare}'s run returned it, in the line {@code stepindex
   * eval} prints.
   */
  String summaryLine(Object summary);

  /** The report section the task's summaries appear in. */
  ReportSection reportSection();

  /** The task's join with frequencies ({@code stepindex correlate NAME}), when it has one. */
  default Optional<Correlation> correlation() {
    return Optional.empty();
  }
}
