package org.stepindex.eval.registry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.stepindex.eval.memorization.MemorizationTask;
import org.stepindex.eval.model.ModelSession;
import org.stepindex.eval.report.ReportSection;
import org.stepindex.eval.tasks.EvalRunner;
import org.stepindex.eval.tasks.IdsGenerator;
import org.stepindex.eval.tasks.ModelOpener;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.layout.StepLayout;

/** (32, 32) extractability of the training sequences of a step range ({@link MemorizationTask}). */
final class MemorizationDefinition implements TaskDefinition {
  @Override
  public String name() {
    return MemorizationTask.NAME;
  }

  @Override
  public String help() {
    return "memorization: (32, 32) extractability of the sequences of --steps A:B in --data (a Megatron .bin/.idx):"
        + " 32-token prompt, 32 greedy tokens, score = share reproduced; counts per 512-sequence slice, Poisson fit; with"
        + " --index, each sequence's exposures (four phrase counts a sequence) and the memorized share by them.";
  }

  @Override
  public String unit() {
    return "sequences";
  }

  @Override
  public TaskRun prepare(EvalOptions options, ModelOpener<ModelSession> sessions)
      throws IOException {
    Path dataset = options.oneData(name(), "the training data (.bin/.idx)");
    if (options.steps() == null) {
      throw new StepIndexException(
          "--task memorization needs --steps A:B (the training steps whose sequences to test)");
    }
    long[] range = options.steps().get();
    MemorizationTask task =
        new MemorizationTask(
            dataset,
            new StepLayout(options.trainBatchSize(), options.seqLength()),
            range[0],
            range[1],
            MemorizationTask.DEFAULT_SLICE,
            options.index());
    ModelOpener<IdsGenerator> generators =
        dir -> IdsGenerator.of(sessions.open(dir), options.batchSize());
    return (listener, checkpoints, out) ->
        new EvalRunner(listener).run(task, generators, checkpoints, out);
  }

  @Override
  public String summaryHeader() {
    return null;
  }

  @Override
  public String summaryLine(Object summary) {
    MemorizationTask.Summary m = (MemorizationTask.Summary) summary;
    return String.format(
        Locale.ROOT,
        "%-40s %8s n=%d memorized=%d (%.4f)%s",
        m.model(),
        SummaryLines.step(m.step()),
        m.n(),
        m.memorized(),
        m.memorizedFraction(),
        m.poisson() == null
            ? ""
            : String.format(
                Locale.ROOT,
                " lambda=%.3f dispersion=%s",
                m.poisson().lambda(),
                SummaryLines.rate(m.poisson().dispersion())));
  }

  @Override
  public ReportSection reportSection() {
    return ReportSection.MEMORIZATION;
  }
}
