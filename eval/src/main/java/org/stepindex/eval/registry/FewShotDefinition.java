package org.stepindex.eval.registry;

import java.io.IOException;
import org.stepindex.eval.model.ModelSession;
import org.stepindex.eval.report.ReportSection;
import org.stepindex.eval.tasks.CompletionTask;
import org.stepindex.eval.tasks.EvalRunner;
import org.stepindex.eval.tasks.EvalTask;
import org.stepindex.eval.tasks.ModelOpener;
import org.stepindex.eval.tasks.TextCompleter;

/**
 * What the few-shot tasks share: their prompts completed in batches of {@code --batch-size} ({@link
 * CompletionTask}), counted in prompts, summed up as accuracy overall and by k, in the report's
 * accuracy table.
 */
abstract class FewShotDefinition implements TaskDefinition {
  /** Builds the task's prompts from the options. */
  abstract EvalTask task(EvalOptions options) throws IOException;

  @Override
  public final String unit() {
    return "prompts";
  }

  @Override
  public final TaskRun prepare(EvalOptions options, ModelOpener<ModelSession> sessions)
      throws IOException {
    EvalTask task = task(options);
    ModelOpener<TextCompleter> completers = dir -> TextCompleter.of(sessions.open(dir));
    return (listener, checkpoints, out) ->
        new EvalRunner(listener)
            .run(new CompletionTask(task, options.batchSize()), completers, checkpoints, out);
  }

  @Override
  public final String summaryHeader() {
    return SummaryLines.ACCURACY_HEADER;
  }

  @Override
  public final String summaryLine(Object summary) {
    return SummaryLines.accuracy(summary);
  }

  @Override
  public final ReportSection reportSection() {
    return ReportSection.ACCURACY;
  }
}
