package org.stepindex.eval.registry;

import java.io.IOException;
import java.util.Locale;
import org.stepindex.eval.agreement.NextTokenModel;
import org.stepindex.eval.agreement.NgramAgreement;
import org.stepindex.eval.agreement.NgramAgreementTask;
import org.stepindex.eval.model.ModelSession;
import org.stepindex.eval.report.ReportSection;
import org.stepindex.eval.tasks.EvalRunner;
import org.stepindex.eval.tasks.ModelOpener;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The model against the data's n-gram statistics at each checkpoint's step ({@link
 * NgramAgreementTask}).
 */
final class NgramAgreementDefinition implements TaskDefinition {
  @Override
  public String name() {
    return NgramAgreementTask.NAME;
  }

  @Override
  public String help() {
    return "ngram-agreement: each checkpoint stepS against the data it had seen (--index): on --contexts FILE or"
        + " --sample N contexts drawn with --seed, the model's next-token distribution against the data's at S for"
        + " n = 1..4 and inf: KL(data || model), top-1 agreement, the model's probability of the data's top token.";
  }

  @Override
  public String unit() {
    return "contexts";
  }

  @Override
  public TaskRun prepare(EvalOptions options, ModelOpener<ModelSession> sessions)
      throws IOException {
    if (options.index() == null) {
      throw new StepIndexException(
          "--task ngram-agreement needs --index DIR (the index of the training data)");
    }
    NgramAgreementTask task =
        new NgramAgreementTask(
            options.index(),
            options.contexts(),
            options.sample() == null ? 0 : options.sample(),
            options.seed() == null ? 0 : options.seed());
    ModelOpener<NextTokenModel> models = dir -> NextTokenModel.of(sessions.open(dir));
    return (listener, checkpoints, out) ->
        new EvalRunner(listener).run(task, models, checkpoints, out);
  }

  @Override
  public String summaryHeader() {
    return null;
  }

  @Override
  public String summaryLine(Object summary) {
    NgramAgreementTask.Summary a = (NgramAgreementTask.Summary) summary;
    StringBuilder lines = new StringBuilder();
    for (NgramAgreement.Summary o : a.orders()) {
      lines
          .append(lines.isEmpty() ? "" : "\n")
          .append(
              String.format(
                  Locale.ROOT,
                  "%-40s %8s n=%-4s contexts=%d kl=%.4f top1=%.4f p_top=%.4f",
                  a.model(),
                  SummaryLines.step(a.step()),
                  o.order(),
                  o.contexts(),
                  o.meanKl(),
                  o.top1(),
                  o.meanProbabilityOfTop()));
    }
    return lines.toString();
  }

  @Override
  public ReportSection reportSection() {
    return ReportSection.NGRAM_AGREEMENT;
  }
}
