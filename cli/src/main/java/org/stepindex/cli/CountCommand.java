package org.stepindex.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.ViewQuery;
import org.stepindex.query.rows.Answers;
import org.stepindex.query.rows.CountRow;
import org.stepindex.query.rows.When;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stepindex count}: exact counts at a step, in a range, or for a batch of queries × steps.
 */
@Command(
    name = "count",
    mixinStandardHelpOptions = true,
    description = {
      "Count a query in the sequences seen by a checkpoint (--step S: steps [0, S)), in a step range (--from A --to B),"
          + " or at several steps (--steps STEPS: each as --step).",
      "",
      "sequences:   training sequences in range with at least one match.",
      "occurrences: all matches in range. Overlapping matches of a phrase or token n-gram each count. For a term,"
          + " each position; for other queries (boolean, proximity), each match Lucene reports in a matching"
          + " sequence: for '+a +b' every position of a or b in sequences holding both; negated clauses add none.",
      "",
      "Views: text (default): Lucene classic syntax over lower-cased words: word, \"a phrase\", \"a b\"~5, +a +b, a -b,"
          + " (a OR b). tokens: token ids '805 1249' (an n-gram), or --encode TEXT. pythia-numbers: the study's keys, a number '12',"
          + " a pair '7-12' (either order) or a number and a time unit '12-minute'.",
    },
    footer = {
      "",
      "Examples:",
      "  stepindex count --index pile.idx --step 13000 '\"barack obama\"'",
      "  stepindex count --index pile.idx --view tokens --encode ' Obama' --from 1000 --to 2000",
      "  stepindex count --index pile.idx --queries terms.txt --steps pythia --format csv",
    })
final class CountCommand implements Callable<Integer> {
  @Mixin IndexOption index;
  @Mixin FormatOption format;

  @Option(
      names = "--view",
      defaultValue = "text",
      description = "text, tokens or pythia-numbers (default: ${DEFAULT-VALUE}).")
  String view;

  @ArgGroup(exclusive = true, multiplicity = "1")
  StepChoice when;

  static final class StepChoice {
    @Option(
        names = "--step",
        paramLabel = "S",
        description = "Count in steps [0, S): what checkpoint stepS has seen.")
    Long step;

    @ArgGroup(exclusive = false)
    Range range;

    @Option(
        names = "--steps",
        paramLabel = "STEPS",
        converter = Steps.Converter.class,
        description =
            "At each of several steps: 0,100,1000 | pythia | every:N | A:B (the steps A to B-1).")
    Steps steps;

    /** The steps or range chosen, resolved against the index. */
    When resolve(FrequencyIndex index) {
      if (range != null) {
        return new When.Range(range.from, range.to);
      }
      return step != null ? When.Steps.at(step) : new When.Steps(steps.at(index));
    }
  }

  static final class Range {
    @Option(
        names = "--from",
        required = true,
        paramLabel = "A",
        description = "First step of the range.")
    long from;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "B",
        description = "End step of the range (exclusive).")
    long to;
  }

  @Option(
      names = "--queries",
      paramLabel = "FILE",
      description =
          "Batch: one query a line. Every line is checked"
              + " before anything is counted; bad lines are listed with their numbers.")
  Path queries;

  @Option(
      names = "--skip-bad",
      description = "With --queries: count the good lines, report the bad ones on stderr.")
  boolean skipBad;

  @Option(
      names = "--encode",
      paramLabel = "TEXT",
      description = "tokens view: count the token ids of TEXT as an n-gram.")
  String encode;

  @Option(
      names = "--tokenizer",
      paramLabel = "FILE",
      description = "tokenizer.json for --encode (default: the index's).")
  Path tokenizer;

  @Parameters(
      arity = "0..1",
      paramLabel = "QUERY",
      description = "The query (omit with --queries or --encode).")
  String query;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<String[]> single = queryList(); // {as given, as compiled}
    try (FrequencyIndex fi = FrequencyIndex.open(index.dir)) {
      List<String[]> queryList = new ArrayList<>();
      List<ViewQuery> compiled = new ArrayList<>();
      if (queries != null) {
        fi.checkView(view); // a missing view is one error, not one per line
        List<QueryFiles.Line> lines = QueryFiles.lines(queries);
        for (QueryFiles.Line line :
            QueryFiles.check(
                queries,
                lines,
                l -> {
                  compiled.add(fi.compile(view, l.text()));
                  return l;
                },
                skipBad,
                spec.commandLine().getErr())) {
          queryList.add(new String[] {line.text(), line.text()});
        }
      } else {
        queryList.addAll(single);
        for (String[] q : queryList) {
          compiled.add(fi.compile(view, q[1]));
        }
      }
      When at = when.resolve(fi);
      RowWriter out =
          new RowWriter(
              spec.commandLine().getOut(),
              format.format,
              CountRow.columns(at instanceof When.Range));
      for (int i = 0; i < compiled.size(); i++) {
        Answers.count(fi, queryList.get(i)[0], compiled.get(i), at, out::row);
      }
      out.finish();
    }
    return 0;
  }

  private List<String[]> queryList() {
    int sources = (query != null ? 1 : 0) + (queries != null ? 1 : 0) + (encode != null ? 1 : 0);
    if (sources != 1) {
      throw new StepIndexException("give exactly one of QUERY, --queries FILE or --encode TEXT");
    }
    if (skipBad && queries == null) {
      throw new StepIndexException("--skip-bad applies to --queries FILE");
    }
    if (queries != null) {
      return List.of(); // read, numbered and checked against the index in call()
    }
    if (query != null) {
      return List.<String[]>of(new String[] {query, query});
    }
    if (!"tokens".equals(view)) {
      throw new StepIndexException("--encode needs --view tokens");
    }
    Path tokenizerFile = tokenizer;
    if (tokenizerFile == null) {
      tokenizerFile = Path.of(Manifest.read(index.dir).tokenizer().path());
    }
    try (HfTokenizer tok = HfTokenizer.load(tokenizerFile)) {
      int[] ids = tok.encode(encode);
      if (ids.length == 0) {
        throw new StepIndexException("--encode '" + encode + "' encodes to no tokens");
      }
      StringBuilder joined = new StringBuilder();
      for (int id : ids) {
        joined.append(joined.isEmpty() ? "" : " ").append(id);
      }
      return List.<String[]>of(new String[] {encode, joined.toString()});
    }
  }
}
