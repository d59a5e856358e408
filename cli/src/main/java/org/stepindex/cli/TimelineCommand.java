package org.stepindex.cli;

import java.util.concurrent.Callable;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.rows.Answers;
import org.stepindex.query.rows.CountRow;
import org.stepindex.query.rows.Timeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepindex timeline}: the cumulative count of a query at every checkpoint, in one pass. */
@Command(
    name = "timeline",
    mixinStandardHelpOptions = true,
    description = {
      "The cumulative curve of a query: its count at each checkpoint (each 'at step S' = steps [0, S)).",
      "Each shard's total is computed once, so 154 checkpoints cost about as much as one count.",
    },
    footer = {
      "",
      "Example:",
      "  stepindex timeline --index pile.idx --steps pythia '\"barack obama\"'"
    })
final class TimelineCommand implements Callable<Integer> {
  @Mixin IndexOption index;
  @Mixin FormatOption format;

  @Option(
      names = "--view",
      defaultValue = "text",
      description = "text, tokens or pythia-numbers (default: ${DEFAULT-VALUE}).")
  String view;

  @Option(
      names = "--steps",
      paramLabel = "STEPS",
      converter = Steps.Converter.class,
      description =
          "0,100,1000 | pythia | every:N | A:B, the steps A to B-1 (default: the index's shard schedule).")
  Steps steps;

  @Parameters(paramLabel = "QUERY", description = "The query (syntax as for 'count').")
  String query;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (FrequencyIndex fi = FrequencyIndex.open(index.dir)) {
      Timeline timeline = Answers.timeline(fi, query, fi.compile(view, query), Steps.at(steps, fi));
      RowWriter out =
          new RowWriter(spec.commandLine().getOut(), format.format, CountRow.columns(false));
      timeline.rows().forEach(out::row);
      out.finish();
    }
    return 0;
  }
}
