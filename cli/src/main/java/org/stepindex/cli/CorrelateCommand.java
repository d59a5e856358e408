package org.stepindex.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.stepindex.eval.correlate.EvalInstances;
import org.stepindex.eval.correlate.TermTimelines;
import org.stepindex.eval.registry.CorrelateOptions;
import org.stepindex.eval.registry.EvalTasks;
import org.stepindex.query.FrequencyIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stepindex correlate}: join per-item accuracy with frequencies at each checkpoint. */
@Command(
    name = "correlate",
    mixinStandardHelpOptions = true,
    description = {
      "Join evaluation results ('stepindex eval' output) with frequencies from the index at each checkpoint's step.",
      "",
      "arithmetic: per first operand x1, accuracy over all x2 vs. the frequency of x1 in steps [0, step); per"
          + " checkpoint x k x op: Spearman rho and the gap Delta = (accuracy of the 10%% most frequent x1 - of the 10%%"
          + " least frequent) x 100 (Pythia paper, Table 4).",
      "triviaqa: per QA pair, training sequences up to the step holding a question entity AND an answer alias;"
          + " accuracy per bin as the Pythia study's trivia_qa_term_freq.py: (10^i, 10^(i+1)] for i = 0..5, counts outside"
          + " (0, 1, above 10^6) in the first bin.",
      "timeline: cumulative counts of chosen terms at each checkpoint, for the report.",
    },
    subcommands = {
      CorrelateCommand.Arithmetic.class,
      CorrelateCommand.Trivia.class,
      CorrelateCommand.Timeline.class
    })
final class CorrelateCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name what to correlate: arithmetic, triviaqa or timeline");
  }

  /** Options every correlation takes. */
  static final class Common {
    @Mixin IndexOption index;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "DIR",
        description = "Where to write the CSV/JSON tables.")
    Path out;
  }

  @Command(
      name = "arithmetic",
      mixinStandardHelpOptions = true,
      description =
          "Accuracy per first operand vs. its frequency at each checkpoint; Spearman rho and Delta.")
  static final class Arithmetic implements Callable<Integer> {
    @Mixin Common common;

    @Option(
        names = "--eval",
        required = true,
        paramLabel = "PATH",
        description = "An eval output directory (arithmetic-step<N>.jsonl files) or one such file.")
    Path eval;

    @Option(
        names = "--view",
        defaultValue = "pythia-numbers",
        description =
            "How x1 is counted: pythia-numbers (the paper's), text (the word) or tokens (ids of \" x1\"). Default: ${DEFAULT-VALUE}.")
    String view;

    @Option(
        names = "--measure",
        defaultValue = "occurrences",
        description = "occurrences or sequences (default: ${DEFAULT-VALUE}).")
    String measure;

    @Option(
        names = "--tokenizer",
        paramLabel = "FILE",
        description = "tokens view: tokenizer.json (default: the index's).")
    Path tokenizer;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      EvalTasks.correlation(EvalInstances.ARITHMETIC)
          .run(
              common.index.dir,
              eval,
              new CorrelateOptions(view, measure, tokenizer, null, null),
              common.out,
              spec.commandLine().getOut());
      return 0;
    }
  }

  @Command(
      name = "triviaqa",
      mixinStandardHelpOptions = true,
      description = {
        "Per QA pair, sequences up to each checkpoint's step that contain a question entity and an answer alias;"
            + " accuracy per log-spaced bin of that count.",
        "Entities come from --entities (JSONL {\"id\": qid, \"entities\": [...]}) or, without it, from a heuristic:"
            + " quoted spans and runs of capitalized words in the question, minus a leading question/stop word and"
            + " minus spans equal to the answer.",
        "--qa-entities FILE counts through the index's entities view instead: per question, sequences holding one of"
            + " its question entities and one of its answer entities (a declared pair: term statistics). The file is"
            + " JSONL {\"id\": qid, \"question_entities\": [{\"id\": \"Q90\", \"names\": [...]}],"
            + " \"answer_entities\": [...]}; 'stepindex qa-entities' turns it into the view's entity and pair files."
      })
  static final class Trivia implements Callable<Integer> {
    @Mixin Common common;

    @Option(
        names = "--eval",
        required = true,
        paramLabel = "PATH",
        description = "An eval output directory (triviaqa-step<N>.jsonl files) or one such file.")
    Path eval;

    @Option(
        names = "--entities",
        paramLabel = "FILE",
        description = "Question entities, JSONL: {\"id\": qid, \"entities\": [...]}.")
    Path entities;

    @Option(
        names = "--qa-entities",
        paramLabel = "FILE",
        description =
            "Count through the entities view: question and answer entities per question, JSONL (see above).")
    Path qaEntities;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      EvalTasks.correlation(EvalInstances.TRIVIAQA)
          .run(
              common.index.dir,
              eval,
              new CorrelateOptions(null, null, null, entities, qaEntities),
              common.out,
              spec.commandLine().getOut());
      return 0;
    }
  }

  @Command(
      name = "timeline",
      mixinStandardHelpOptions = true,
      description =
          "Cumulative counts of chosen terms at each checkpoint (timelines.csv, drawn by 'stepindex report').")
  static final class Timeline implements Callable<Integer> {
    @Mixin Common common;

    @Option(
        names = "--term",
        required = true,
        paramLabel = "VIEW:QUERY",
        description =
            "A term to follow, e.g. text:zorblax or pythia-numbers:12 (repeatable; a bare QUERY means text).")
    List<String> terms;

    @Option(
        names = "--steps",
        paramLabel = "STEPS",
        converter = Steps.Converter.class,
        description =
            "0,100,1000 | pythia | every:N | A:B, the steps A to B-1 (default: the index's shard schedule).")
    Steps steps;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      List<TermTimelines.Term> parsed = new ArrayList<>();
      for (String term : terms) {
        int colon = term.indexOf(':');
        boolean hasView =
            colon > 0
                && List.of("text", "tokens", "pythia-numbers").contains(term.substring(0, colon));
        parsed.add(
            hasView
                ? new TermTimelines.Term(term.substring(0, colon), term.substring(colon + 1))
                : new TermTimelines.Term("text", term));
      }
      try (FrequencyIndex index = FrequencyIndex.open(common.index.dir)) {
        long[] at = Steps.at(steps, index);
        Path file = TermTimelines.write(TermTimelines.count(index, parsed, at), common.out);
        spec.commandLine().getOut().println("wrote " + file);
      }
      return 0;
    }
  }
}
