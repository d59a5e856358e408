package org.stepindex.eval.registry;

import java.io.IOException;
import java.util.Locale;
import org.stepindex.eval.bias.CrowsPairsReader;
import org.stepindex.eval.bias.CrowsPairsTask;
import org.stepindex.eval.model.ModelSession;
import org.stepindex.eval.report.ReportSection;
import org.stepindex.eval.tasks.EvalRunner;
import org.stepindex.eval.tasks.ModelOpener;
import org.stepindex.eval.tasks.TextScorer;

/** CrowS-Pairs by sentence likelihood ({@link CrowsPairsTask}). */
final class CrowsPairsDefinition implements TaskDefinition {
  @Override
  public String name() {
    return CrowsPairsTask.NAME;
  }

  @Override
  public String help() {
    return "crows-pairs: crows_pairs_anonymized.csv; each sentence scored from <|endoftext|>; pct_stereotype = share of"
        + " pairs with ll(sent_more) > ll(sent_less), as lm-evaluation-harness's crows_pairs_english.";
  }

  @Override
  public String unit() {
    return "pairs";
  }

  @Override
  public TaskRun prepare(EvalOptions options, ModelOpener<ModelSession> sessions)
      throws IOException {
    CrowsPairsTask task =
        new CrowsPairsTask(
            CrowsPairsReader.read(
                options.oneData(name(), "crows_pairs_anonymized.csv"), options.biasTypes()));
    ModelOpener<TextScorer> scorers = dir -> TextScorer.of(sessions.open(dir));
    return (listener, checkpoints, out) ->
        new EvalRunner(listener).run(task, scorers, checkpoints, out);
  }

  @Override
  public String summaryHeader() {
    return null;
  }

  @Override
  public String summaryLine(Object summary) {
    CrowsPairsTask.Summary c = (CrowsPairsTask.Summary) summary;
    return String.format(
        Locale.ROOT,
        "%-40s %8s n=%d pct_stereotype=%.4f",
        c.model(),
        SummaryLines.step(c.step()),
        c.n(),
        c.pctStereotype());
  }

  @Override
  public ReportSection reportSection() {
    return ReportSection.BIAS;
  }
}
