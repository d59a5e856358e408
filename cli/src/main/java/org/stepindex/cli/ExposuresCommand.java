package org.stepindex.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.history.ExposureRow;
import org.stepindex.query.history.History;
import org.stepindex.query.rows.Answers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepindex exposures}: when a query was seen, up to a step. */
@Command(
    name = "exposures",
    mixinStandardHelpOptions = true,
    parameterListHeading = "%nARGUMENTS%n",
    optionListHeading = "%nOPTIONS%n",
    description = {
      "When the data showed a query to the model, up to step S (the sequences of steps [0, S); default: all the"
          + " index covers): the step of its first occurrence, of its n-th occurrences, of its last, how long ago"
          + " that was, how many steps held it, and how often it occurred in each interval of a schedule.",
      "",
      "ANSWER (JSON keys; a table and CSV flatten nth to columns nth_N)",
      "  query, view, step  the query as given (a, b for a pair), the view, S",
      "  first_step         the step whose batch held the first occurrence",
      "  nth                for each n of --nth, the step of the n-th occurrence",
      "  last_step          the last step before S whose batch held one",
      "  steps_since_last   S - last_step (1: seen in the batch just before stepS)",
      "  steps_with         how many distinct steps held an occurrence",
      "  per                with --per, for each interval [from, to) of the schedule",
      "                     up to S: the sequences holding the query and its",
      "                     occurrences in it (not cumulative); a table and CSV",
      "                     print one line per interval",
      "What was never seen is null (blank in a table or CSV), never 0 or -1. Occurrences are those 'count' counts;"
          + " a pair (two queries, or --pairs) is the sequences holding both, as 'cooccur' counts them.",
      "",
      "COST",
      "  The sequences holding the query in every shard up to S, as a count inside a shard reads them (cached on"
          + " disk for phrases); a batch of --queries pays that once per query, as 'count --queries' does.",
      "",
      "ERRORS",
      "  A bad query, view, step, --nth 0 or a bad schedule prints one line 'stepindex: ...' and exits 2.",
    },
    footer = {
      "",
      "Examples:",
      "  stepindex exposures --index pile.idx --step 143000 '\"barack obama\"'",
      "  stepindex exposures --index pile.idx --nth 1,100 --per pythia she",
      "  stepindex exposures --index pile.idx --queries facts.txt --format csv",
      "  stepindex exposures --index pile.idx --view entities --pairs qa.tsv",
    })
final class ExposuresCommand implements Callable<Integer> {
  @Mixin IndexOption index;
  @Mixin FormatOption format;
  @Mixin ViewOption view;

  @Option(
      names = "--step",
      paramLabel = "S",
      description =
          "As of step S: the sequences of steps [0, S) (default:"
              + " all the index covers from step 0).")
  Long step;

  @Option(
      names = "--nth",
      paramLabel = "LIST",
      defaultValue = History.DEFAULT_NTH,
      description = "The n-th occurrences whose steps to give (default: ${DEFAULT-VALUE}).")
  String nth;

  @Option(
      names = "--per",
      paramLabel = "SCHEDULE",
      description =
          "Counts in each interval of every:N, pythia or a"
              + " list of steps (0,100,1000), up to S.")
  String per;

  @Option(
      names = "--queries",
      paramLabel = "FILE",
      description =
          "Batch: one query a line. Every line is checked"
              + " before anything is counted; bad lines are listed with their numbers.")
  Path queries;

  @Option(
      names = "--pairs",
      paramLabel = "FILE",
      description =
          "Batch of pairs, A<TAB>B a line: the sequences"
              + " holding both, as 'cooccur' counts them.")
  Path pairs;

  @Option(
      names = "--window",
      paramLabel = "K",
      defaultValue = "0",
      description =
          "With pairs: A within K words of B" + " (text view; 0: anywhere in the sequence).")
  int window;

  @Option(
      names = "--skip-bad",
      description =
          "With --queries or --pairs: answer the good lines, report the bad ones" + " on stderr.")
  boolean skipBad;

  @Parameters(
      arity = "0..2",
      paramLabel = "QUERY",
      description = "The query; two queries A B are a pair (omit with" + " --queries or --pairs).")
  List<String> given;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    int sources =
        (given != null && !given.isEmpty() ? 1 : 0)
            + (queries != null ? 1 : 0)
            + (pairs != null ? 1 : 0);
    if (sources != 1) {
      throw new StepIndexException(
          "give exactly one of QUERY (or A B), --queries FILE or --pairs FILE");
    }
    if (skipBad && queries == null && pairs == null) {
      throw new StepIndexException("--skip-bad applies to --queries FILE or --pairs FILE");
    }
    List<Long> ns = History.parseNth(nth);
    try (FrequencyIndex fi = FrequencyIndex.open(index.dir);
        History history = new History(fi, null, null)) {
      fi.checkView(view.view);
      List<List<String>> asked = asked(fi);
      boolean pair = pairs != null || (given != null && given.size() == 2);
      long at = step != null ? step : fi.coveredEnd();
      // The first answer is computed before anything is printed, so a bad step or schedule prints
      // nothing else.
      ExposureRow first = asked.isEmpty() ? null : answer(history, asked.getFirst(), at, ns);
      boolean json = format.format == FormatOption.Format.json;
      RowWriter out =
          new RowWriter(
              spec.commandLine().getOut(),
              format.format,
              json
                  ? ExposureRow.columns(pair, per != null)
                  : ExposureRow.lineColumns(pair, ns, per != null));
      for (int i = 0; i < asked.size(); i++) {
        ExposureRow row = i == 0 ? first : answer(history, asked.get(i), at, ns);
        if (json) {
          out.row(row);
        } else {
          row.lines().forEach(out::row);
        }
      }
      out.finish();
    }
    return 0;
  }

  private ExposureRow answer(History history, List<String> asked, long at, List<Long> ns) {
    return asked.size() == 2
        ? history.pairExposures(asked.get(0), asked.get(1), view.view, window, at, ns, per)
        : history.exposures(asked.getFirst(), view.view, at, ns, per);
  }

  /** The queries (one element each) or pairs (two) asked, every line of a file checked first. */
  private List<List<String>> asked(FrequencyIndex fi) {
    if (window < 0) {
      throw new StepIndexException("--window must be >= 0, got " + window);
    }
    if (queries != null) {
      return QueryFiles.check(
          queries,
          QueryFiles.lines(queries),
          line -> {
            fi.compile(view.view, line.text());
            return List.of(line.text());
          },
          skipBad,
          spec.commandLine().getErr());
    }
    if (pairs != null) {
      return QueryFiles.check(
          pairs,
          QueryFiles.lines(pairs),
          line -> {
            String[] pair = QueryFiles.pair(line);
            Answers.checkCooccur(fi, view.view, pair[0], pair[1], window);
            return List.of(pair[0], pair[1]);
          },
          skipBad,
          spec.commandLine().getErr());
    }
    if (given.size() == 1 && window != 0) {
      throw new StepIndexException(
          "--window applies to pairs: give two queries A B or --pairs FILE");
    }
    return List.of(new ArrayList<>(given));
  }
}
