package org.stepindex.eval.registry;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.stepindex.eval.correlate.EntityFile;
import org.stepindex.eval.correlate.EvalInstances;
import org.stepindex.eval.correlate.LogBins;
import org.stepindex.eval.correlate.TriviaCorrelation;
import org.stepindex.eval.report.ReportSection;
import org.stepindex.eval.tasks.EvalTask;
import org.stepindex.eval.tasks.ShotCounts;
import org.stepindex.eval.tasks.TriviaQaOptions;
import org.stepindex.eval.tasks.TriviaQaReader;
import org.stepindex.eval.tasks.TriviaQaTask;
import org.stepindex.eval.tasks.TriviaQuestion;
import org.stepindex.eval.tasks.TriviaTemplate;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.entities.QaEntityFile;
import org.stepindex.query.FrequencyIndex;

/** Few-shot TriviaQA ({@link TriviaQaTask}), correlated per QA pair ({@link TriviaCorrelation}). */
final class TriviaQaDefinition extends FewShotDefinition {
  @Override
  public String name() {
    return TriviaQaTask.NAME;
  }

  @Override
  public String help() {
    return "triviaqa: official TriviaQA JSON or JSONL; 'Q:{question} A:' (pythia) or 'Question: {question}?\\nAnswer:'"
        + " (lm-eval); pythia scores as the study's trivia_qa.py (normalize_answer, exact match against the aliases"
        + " left by _remove_prefixes), lm-eval against any alias; shots as the study's harness drew them unless"
        + " --seed.";
  }

  @Override
  EvalTask task(EvalOptions o) throws IOException {
    // several files are one list, in order: the study evaluated train and validation together
    List<TriviaQuestion> questions = new ArrayList<>();
    for (Path file : o.needData(name(), "TriviaQA JSON or JSONL")) {
      questions.addAll(TriviaQaReader.read(file));
    }
    TriviaQaOptions options =
        new TriviaQaOptions(
            o.shots() == null ? TriviaQaOptions.DEFAULT_SHOTS : ShotCounts.parse(o.shots()),
            TriviaTemplate.parse(o.template() == null ? "pythia" : o.template()),
            o.seed(),
            o.maxNewTokens(),
            o.limit());
    return new TriviaQaTask(
        questions, o.shotsFile() == null ? null : TriviaQaReader.read(o.shotsFile()), options);
  }

  @Override
  public Optional<Correlation> correlation() {
    return Optional.of(new RelevantSequences());
  }

  /** Accuracy per log-spaced bin of the sequences holding a question entity and an answer alias. */
  private static final class RelevantSequences implements Correlation {
    @Override
    public void run(Path indexDir, Path eval, CorrelateOptions o, Path out, PrintWriter w) {
      if (o.entities() != null && o.qaEntities() != null) {
        throw new StepIndexException(
            "give --entities (text view) or --qa-entities (entities view), not both");
      }
      Map<String, List<String>> entityMap =
          o.entities() == null ? null : EntityFile.read(o.entities());
      Map<String, QaEntityFile.Item> qaMap = null;
      if (o.qaEntities() != null) {
        qaMap = new LinkedHashMap<>();
        for (QaEntityFile.Item item : QaEntityFile.read(o.qaEntities())) {
          qaMap.put(item.id(), item);
        }
      }
      List<EvalInstances.Trivia> instances =
          EvalInstances.trivia(EvalInstances.files(eval, EvalInstances.TRIVIAQA));
      try (FrequencyIndex index = FrequencyIndex.open(indexDir)) {
        TriviaCorrelation.Result result = TriviaCorrelation.run(index, instances, entityMap, qaMap);
        w.printf(
            Locale.ROOT,
            "%-24s %8s %3s %4s %14s %6s %9s%n",
            "model",
            "step",
            "k",
            "bin",
            "relevant",
            "n",
            "accuracy");
        for (TriviaCorrelation.Bin b : result.bins()) {
          w.printf(
              Locale.ROOT,
              "%-24s %8d %3d %4d %14s %6d %9.3f%n",
              b.model(),
              b.step(),
              b.k(),
              b.bin(),
              LogBins.label(b.bin()),
              b.n(),
              b.accuracy());
        }
        TriviaCorrelation.write(result, out).forEach(p -> w.println("wrote " + p));
      }
    }

    @Override
    public ReportSection reportSection() {
      return ReportSection.TRIVIA_FREQUENCY;
    }
  }
}
