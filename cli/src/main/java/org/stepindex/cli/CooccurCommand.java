package org.stepindex.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.rows.Answers;
import org.stepindex.query.rows.CooccurRow;
import org.stepindex.query.rows.When;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stepindex cooccur}: sequences holding both of two text queries (entities), optionally near
 * each other.
 */
@Command(
    name = "cooccur",
    mixinStandardHelpOptions = true,
    description = {
      "Count training sequences that contain both A and B (each a text query; a quoted phrase is an entity),"
          + " as Kandpal et al. count relevant documents.",
      "Without --window: sequences = sequences holding both; occurrences = those of the query '+(A) +(B)'.",
      "With --window K: only sequences where A and B (words or phrases, either order, not overlapping) lie within K"
          + " words of each other; occurrences = such near pairs.",
      "--view V counts two queries of another view, e.g. two entity ids of the entities view (--view entities Q90"
          + " Q142) or two numbers of pythia-numbers. A pair declared with the entities view (--entity-pairs at index"
          + " time) is counted by term statistics; two single terms otherwise by intersecting their postings at the"
          + " cost of the rarer one. The answers are the same either way.",
      "Sequence sets are cached per shard as RoaringBitmaps, so pairs x checkpoints is one pass per pair.",
    },
    footer = {
      "",
      "Examples:",
      "  stepindex cooccur --index pile.idx --step 13000 '\"barack obama\"' '\"white house\"'",
      "  stepindex cooccur --index pile.idx --pairs qa-pairs.tsv --steps pythia --format csv",
      "  stepindex cooccur --index pile.idx --view entities --step 13000 Q90 Q142",
    })
final class CooccurCommand implements Callable<Integer> {
  @Mixin IndexOption index;
  @Mixin FormatOption format;

  @ArgGroup(exclusive = true, multiplicity = "1")
  CountCommand.StepChoice when;

  @Option(
      names = "--window",
      defaultValue = "0",
      paramLabel = "K",
      description = "Require A within K words of B (0: anywhere in the sequence).")
  int window;

  @Option(
      names = "--view",
      defaultValue = "text",
      paramLabel = "VIEW",
      description = "The view of A and B (default: ${DEFAULT-VALUE}).")
  String view;

  @Option(
      names = "--pairs",
      paramLabel = "FILE",
      description =
          "Batch: one pair a line, A<TAB>B. Every line is"
              + " checked before anything is counted; bad lines are listed with their numbers.")
  Path pairs;

  @Option(
      names = "--skip-bad",
      description = "With --pairs: count the good pairs, report the bad lines on stderr.")
  boolean skipBad;

  @Parameters(
      arity = "0..2",
      paramLabel = "A B",
      description = "The two text queries (omit with --pairs).")
  List<String> ab;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (window < 0) {
      throw new StepIndexException("--window must be >= 0, got " + window);
    }
    List<String[]> pairList = null;
    if (skipBad && pairs == null) {
      throw new StepIndexException("--skip-bad applies to --pairs FILE");
    }
    if (pairs != null) {
      if (ab != null && !ab.isEmpty()) {
        throw new StepIndexException("give either A B or --pairs FILE, not both");
      }
    } else {
      if (ab == null || ab.size() != 2) {
        throw new StepIndexException("give two queries A B (or --pairs FILE)");
      }
      pairList = List.<String[]>of(new String[] {ab.get(0), ab.get(1)});
    }
    try (FrequencyIndex fi = FrequencyIndex.open(index.dir)) {
      if (pairs != null) {
        fi.checkView(view);
        pairList =
            QueryFiles.check(
                pairs,
                QueryFiles.lines(pairs),
                line -> {
                  String[] pair = QueryFiles.pair(line);
                  Answers.checkCooccur(fi, view, pair[0], pair[1], window);
                  return pair;
                },
                skipBad,
                spec.commandLine().getErr());
      }
      When at = when.resolve(fi);
      RowWriter out =
          new RowWriter(
              spec.commandLine().getOut(),
              format.format,
              CooccurRow.columns(at instanceof When.Range));
      for (String[] pair : pairList) {
        Answers.cooccur(fi, view, pair[0], pair[1], window, at, out::row);
      }
      out.finish();
    }
    return 0;
  }
}
