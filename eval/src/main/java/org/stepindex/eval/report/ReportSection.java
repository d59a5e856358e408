package org.stepindex.eval.report;

import java.nio.file.Path;
import org.stepindex.eval.correlate.OutputDir;

/**
 * A section of the report, as an eval task brings it ({@link
 * org.stepindex.eval.registry.TaskDefinition}): each reads what it needs from the report's inputs
 * and adds nothing when it finds none. The sections are the constants here; outside this package
 * they are only named.
 */
public final class ReportSection {
  /**
   * Accuracy per checkpoint of every summary that has one (the few-shot tasks'), from the eval
   * directory or else every named run ({@link AccuracySection}).
   */
  public static final ReportSection ACCURACY =
      new ReportSection(
          (in, page, out) ->
              in.evalDirs().isEmpty() ? 0 : AccuracySection.write(in.evalDirs(), page, out));

  /** CrowS-Pairs and WinoBias per checkpoint, a line per run ({@link BiasSection}). */
  public static final ReportSection BIAS =
      new ReportSection((in, page, out) -> BiasSection.write(in.runsToRead(), page, out));

  /**
   * Memorization's Poisson fit, Q-Q figure and per-slice counts per run ({@link
   * MemorizationSection}).
   */
  public static final ReportSection MEMORIZATION =
      new ReportSection((in, page, out) -> MemorizationSection.write(in.runsToRead(), page, out));

  /**
   * Top-1 agreement and KL with the data's n-gram model by checkpoint per run ({@link
   * AgreementSection}).
   */
  public static final ReportSection NGRAM_AGREEMENT =
      new ReportSection((in, page, out) -> AgreementSection.write(in.runsToRead(), page, out));

  /**
   * Arithmetic accuracy against operand frequency, Δ and ρ, from the correlate directory ({@link
   * ArithmeticSection}).
   */
  public static final ReportSection ARITHMETIC_FREQUENCY = fromCorrelate(ArithmeticSection::write);

  /**
   * TriviaQA accuracy against relevant sequences, from the correlate directory ({@link
   * TriviaSection}).
   */
  public static final ReportSection TRIVIA_FREQUENCY = fromCorrelate(TriviaSection::write);

  /**
   * The chosen terms' timelines from the correlate directory ({@link TimelineSection}): no task's,
   * written last.
   */
  static final ReportSection TIMELINES = fromCorrelate(TimelineSection::write);

  /** Writes a section. */
  @FunctionalInterface
  interface Writer {
    /**
     * Adds the section to {@code page} and its files to {@code out}; returns 1 if it did, 0 if it
     * found no input.
     */
    int write(Report.Inputs inputs, HtmlPage page, OutputDir out);
  }

  /** Writes a section from the correlate directory. */
  @FunctionalInterface
  private interface CorrelateWriter {
    int write(Path correlateDir, HtmlPage page, OutputDir out);
  }

  private final Writer writer;

  private ReportSection(Writer writer) {
    this.writer = writer;
  }

  private static ReportSection fromCorrelate(CorrelateWriter writer) {
    return new ReportSection(
        (in, page, out) ->
            in.correlateDir() == null ? 0 : writer.write(in.correlateDir(), page, out));
  }

  int write(Report.Inputs inputs, HtmlPage page, OutputDir out) {
    return writer.write(inputs, page, out);
  }
}
