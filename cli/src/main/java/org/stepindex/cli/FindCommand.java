package org.stepindex.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.history.FindRow;
import org.stepindex.query.history.History;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepindex find}: the training text that holds a query, in training order. */
@Command(
    name = "find",
    mixinStandardHelpOptions = true,
    parameterListHeading = "%nARGUMENTS%n",
    optionListHeading = "%nOPTIONS%n",
    description = {
      "List the matches of a query in the training data, in the order the model saw them: the step that trained on"
          + " each, the sequence, its place in the batch, where the match is inside the sequence, and the text"
          + " around it, decoded from the training data.",
      "",
      "ROWS",
      "  query, view  the query as given, and the view searched",
      "  step         the training step (0-based) whose batch held the sequence",
      "  sequence     the sequence's global number in the data",
      "  batch_index  its place in the step's batch (0-based)",
      "  position     where the match starts in the sequence: a word offset (text,",
      "               entities; words as the text view cuts them), a token offset",
      "               (tokens; special tokens counted) or a character offset in the",
      "               Pythia script's line (pythia-numbers)",
      "  text         the match and --context K words (tokens) each side, never past",
      "               a document boundary (pythia-numbers: the script's window)",
      "  cursor       give it to --after to list the rows after this one",
      "One row per occurrence that 'count' counts over the same steps, in training order (sequence, then position);"
          + " overlapping matches of a phrase or n-gram are each a row.",
      "",
      "DATA",
      "  The index records where its training data and tokenizer were; --data and --tokenizer say where they are now."
          + " Data of another size or another tokenizer is refused; a sequence that does not hold what the index found"
          + " in it (the data changed since) stops the listing with one line. An index of intervened data is read"
          + " with its intervention applied, as it was indexed.",
      "",
      "PAGING AND COST",
      "  At most --limit rows (1 to 10000); --after CURSOR continues after a row, so a notebook pages through"
          + " millions of matches. The first rows of even the most frequent word read a few postings and sequences:"
          + " the cost is that of the rows listed, not of the matches there are.",
      "",
      "FORMATS",
      "  table (line ends in the text shown as \\n), json (one object per line, the server's bytes), csv.",
      "",
      "ERRORS",
      "  A bad query, view, step, limit or cursor, or missing data, prints one line 'stepindex: ...' and exits 2.",
    },
    footer = {
      "",
      "Examples:",
      "  stepindex find --index pile.idx --step 13000 '\"barack obama\"'",
      "  stepindex find --index pile.idx --from 1000 --to 2000 --format json she",
      "  stepindex find --index pile.idx --step 13000 --after \"$CURSOR\" she",
      "  stepindex find --index pile.idx --step 13000 --view tokens '6575 3932'",
    })
final class FindCommand implements Callable<Integer> {
  /** Rows listed when --limit is not given. */
  static final int DEFAULT_LIMIT = 20;

  @Mixin IndexOption index;
  @Mixin FormatOption format;
  @Mixin ViewOption view;
  @Mixin TrainingDataOptions data;

  @ArgGroup(exclusive = true, multiplicity = "1")
  StepSpan span;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "" + DEFAULT_LIMIT,
      description =
          "Rows at most, 1 to " + History.MAX_FIND_LIMIT + " (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--after",
      paramLabel = "CURSOR",
      description = "List the rows after the row with this cursor.")
  String after;

  @Option(
      names = "--context",
      paramLabel = "K",
      defaultValue = "5",
      description = "Words (tokens) of text on each side of a match (default: ${DEFAULT-VALUE}).")
  int context;

  @Parameters(
      paramLabel = "QUERY",
      description = "The query, in the view's syntax (as for 'count').")
  String query;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (FrequencyIndex fi = FrequencyIndex.open(index.dir);
        History history = new History(fi, data.data, data.tokenizer)) {
      // Listed in full before printing (at most --limit rows): an error met on the way prints
      // nothing but its line.
      List<FindRow> rows = new ArrayList<>();
      history.find(query, view.view, span.from(), span.to(), limit, after, context, rows::add);
      RowWriter out = new RowWriter(spec.commandLine().getOut(), format.format, FindRow.COLUMNS);
      boolean table = format.format == FormatOption.Format.table;
      for (FindRow row : rows) {
        out.row(table ? row.withText(row.text().replace("\r", "\\r").replace("\n", "\\n")) : row);
      }
      out.finish();
    }
    return 0;
  }
}
