package org.stepindex.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stepindex.eval.registry.EvalTasks;
import org.stepindex.eval.report.Report;
import org.stepindex.indexer.base.StepIndexException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stepindex report}: an HTML report with figures and tables from eval and correlate outputs.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write a self-contained HTML report (figures embedded) plus the figures as PNG and SVG and the tables as CSV:"
          + " accuracy vs. frequency per checkpoint (one colour per step, log x-axis) for arithmetic and TriviaQA,"
          + " the Delta and Spearman tables (model x k x checkpoint), eval accuracy per checkpoint, and frequency"
          + " timelines of chosen terms.",
      "With --run NAME=DIR (repeatable; eval output directories of training runs, e.g. original and intervened):"
          + " CrowS-Pairs pct_stereotype and WinoBias pro/anti/diff per checkpoint with a line per run, and the"
          + " memorization Poisson fit, Q-Q figure and per-slice counts over training.",
    },
    footer = {
      "",
      "Example:",
      "  stepindex report --run original=eval/original --run intervened=eval/intervened --out report/",
    })
final class ReportCommand implements Callable<Integer> {
  @Option(
      names = "--correlate",
      paramLabel = "DIR",
      description = "Output directory of 'stepindex correlate'.")
  Path correlate;

  @Option(
      names = "--run",
      paramLabel = "NAME=DIR",
      description =
          "A named run's eval output directory (crows-pairs, winobias, memorization results); repeat to compare runs.")
  List<String> runs = List.of();

  @Option(
      names = "--eval",
      paramLabel = "DIR",
      description = "Output directory of 'stepindex eval' (for the accuracy table).")
  Path eval;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Where to write report.html, figures/ and tables.")
  Path out;

  @Option(
      names = "--title",
      defaultValue = "stepindex report",
      description = "Page title (default: ${DEFAULT-VALUE}).")
  String title;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, Path> named = new LinkedHashMap<>();
    for (String run : runs) {
      int eq = run.indexOf('=');
      if (eq <= 0 || eq == run.length() - 1) {
        throw new StepIndexException(
            "--run must be NAME=DIR, e.g. original=eval/original, not '" + run + "'");
      }
      String name = run.substring(0, eq);
      Path dir = Path.of(run.substring(eq + 1));
      if (!Files.isDirectory(dir)) {
        throw new StepIndexException("--run " + name + ": no such directory " + dir);
      }
      if (named.putIfAbsent(name, dir) != null) {
        throw new StepIndexException(
            "--run " + name + " is given twice; give each run its own name");
      }
    }
    if (correlate == null && eval == null && named.isEmpty()) {
      throw new StepIndexException(
          "nothing to report: give --correlate DIR, --eval DIR or --run NAME=DIR");
    }
    List<Path> written =
        Report.write(
            new Report.Inputs(correlate, eval, title, named), EvalTasks.reportSections(), out);
    spec.commandLine().getOut().println("report: " + written.getFirst().toAbsolutePath());
    spec.commandLine().getOut().printf("%d files in %s%n", written.size(), out.toAbsolutePath());
    return 0;
  }
}
