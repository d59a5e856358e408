package org.stepindex.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.history.History;
import org.stepindex.query.history.NextRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepindex next}: what the data said comes after a token context, as of a step. */
@Command(
    name = "next",
    mixinStandardHelpOptions = true,
    parameterListHeading = "%nARGUMENTS%n",
    optionListHeading = "%nOPTIONS%n",
    description = {
      "Count every token that followed a token context in the sequences seen by step S (steps [0, S)), exactly: the"
          + " data's next-token distribution as a model trained to checkpoint stepS was shown it, most frequent"
          + " first.",
      "",
      "WHAT IS COUNTED",
      "  Each occurrence of the context inside a document (a context never spans a special token such as"
          + " <|endoftext|>) and the token right after it in the sequence. A special token that follows counts as a"
          + " next token (the document ended there, as a model would predict it); an occurrence at the very end of"
          + " its sequence has no next token and is not counted. probability = count / the counts of all next tokens.",
      "  --infinigram backs off as infini-gram's infinity-gram does, at a step: to the longest suffix of the context"
          + " that the data had followed by some token by S; n says how many of the context's last ids that is."
          + " Without it n is the whole context, and an unseen context has no rows.",
      "",
      "ROWS (JSON keys; a table and CSV have the same columns)",
      "  context      the context's ids as given",
      "  step, n      S, and how many of the context's last ids were matched",
      "  token, text  the next token's id, and it decoded",
      "  count        how often it followed, by S",
      "  probability  count / the count of every next token",
      "The K most frequent first (--top), ties by token id.",
      "",
      "COST",
      "  Exact, never sampled: each sequence that holds the context is read from the training data once, so the"
          + " time grows with how often the context was seen. A context in 10,000 sequences reads 10,000 sequences"
          + " (about 40 MB of Pythia's data), a fraction of a second; a very frequent one, such as a single common"
          + " token found in most of Pythia's 146 million sequences by step 143000, reads most of the 600 GB of data:"
          + " minutes to hours. More context makes it rarer.",
      "",
      "ERRORS",
      "  An empty context, an id outside the vocabulary or a special one, or a step out of range prints one line"
          + " 'stepindex: ...' and exits 2.",
    },
    footer = {
      "",
      "Examples:",
      "  stepindex next --index pile.idx --step 13000 --encode ' Barack'",
      "  stepindex next --index pile.idx --step 143000 --top 20 1394 5356 273",
      "  stepindex next --index pile.idx --step 1000 --infinigram --encode ' of the'",
    })
final class NextCommand implements Callable<Integer> {
  @Mixin IndexOption index;
  @Mixin FormatOption format;
  @Mixin TrainingDataOptions data;

  @Option(
      names = "--step",
      required = true,
      paramLabel = "S",
      description = "Count in the sequences of steps [0, S):" + " what checkpoint stepS has seen.")
  long step;

  @Option(
      names = "--encode",
      paramLabel = "TEXT",
      description = "The context as text, encoded with the index's" + " tokenizer.")
  String encode;

  @Option(
      names = "--top",
      paramLabel = "K",
      defaultValue = "10",
      description = "The K most frequent next tokens" + " (default: ${DEFAULT-VALUE}; 0: all).")
  int top;

  @Option(
      names = "--infinigram",
      description = "Back off to the longest suffix of the context followed by anything" + " by S.")
  boolean infinigram;

  @Parameters(
      arity = "0..*",
      paramLabel = "IDS",
      description = "The context's token ids (omit with --encode).")
  List<String> ids;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    boolean hasIds = ids != null && !ids.isEmpty();
    if (hasIds == (encode != null)) {
      throw new StepIndexException(
          "give the context as token ids IDS or as --encode TEXT (one of them)");
    }
    try (FrequencyIndex fi = FrequencyIndex.open(index.dir);
        History history = new History(fi, data.data, data.tokenizer)) {
      int[] context = hasIds ? History.parseIds(String.join(" ", ids)) : history.encode(encode);
      List<NextRow> rows = history.next(context, step, top, infinigram);
      RowWriter out = new RowWriter(spec.commandLine().getOut(), format.format, NextRow.COLUMNS);
      rows.forEach(out::row);
      out.finish();
    }
    return 0;
  }
}
