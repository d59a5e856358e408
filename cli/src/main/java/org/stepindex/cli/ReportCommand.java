package org.stepindex.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.stepindex.eval.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stepindex report}: an HTML report with figures and tables from eval and correlate outputs. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write a self-contained HTML report (figures embedded) plus the figures as PNG and SVG and the tables as CSV:"
          + " accuracy vs. frequency per checkpoint (one colour per step, log x-axis) for arithmetic and TriviaQA,"
          + " the Delta and Spearman tables (model x k x checkpoint), eval accuracy per checkpoint, and frequency"
          + " timelines of chosen terms.",
    })
final class ReportCommand implements Callable<Integer> {
  @Option(names = "--correlate", required = true, paramLabel = "DIR", description = "Output directory of 'stepindex correlate'.")
  Path correlate;

  @Option(names = "--eval", paramLabel = "DIR", description = "Output directory of 'stepindex eval' (for the accuracy table).")
  Path eval;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write report.html, figures/ and tables.")
  Path out;

  @Option(names = "--title", defaultValue = "stepindex report", description = "Page title (default: ${DEFAULT-VALUE}).")
  String title;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    List<Path> written = Report.write(new Report.Inputs(correlate, eval, title), out);
    spec.commandLine().getOut().println("report: " + written.getFirst().toAbsolutePath());
    spec.commandLine().getOut().printf("%d files in %s%n", written.size(), out.toAbsolutePath());
    return 0;
  }
}
