package org.stepindex.eval.registry;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.stepindex.eval.bias.WinoBiasItem;
import org.stepindex.eval.bias.WinoBiasPrompts;
import org.stepindex.eval.bias.WinoBiasReader;
import org.stepindex.eval.bias.WinoBiasTask;
import org.stepindex.eval.model.ModelSession;
import org.stepindex.eval.report.ReportSection;
import org.stepindex.eval.tasks.EvalRunner;
import org.stepindex.eval.tasks.ModelOpener;
import org.stepindex.eval.tasks.TextCompleter;
import org.stepindex.eval.tasks.TextScorer;
import org.stepindex.indexer.base.StepIndexException;

/**
 * WinoBias, by the study's generated answers ({@link WinoBiasPrompts}, template {@code pythia}) or
 * by pronoun likelihood ({@link WinoBiasTask}, template {@code likelihood}).
 */
final class WinoBiasDefinition implements TaskDefinition {
  @Override
  public String name() {
    return WinoBiasTask.NAME;
  }

  @Override
  public String help() {
    return "winobias: WinoBias (pro|anti)_stereotyped_type(1|2).txt[.dev|.test] files or their directory (the study: the"
        + " .test files); template pythia asks each sentence through the two promptsource templates the study"
        + " averaged ('What does p stand for', 'refers_to'), greedy answer, exact match of its first words with the"
        + " referent; template likelihood scores the written [pronoun] against its other-gender form by"
        + " whole-sentence log-likelihood; accuracy pro, anti, pro - anti.";
  }

  @Override
  public String unit() {
    return "sentences";
  }

  @Override
  public TaskRun prepare(EvalOptions options, ModelOpener<ModelSession> sessions)
      throws IOException {
    List<WinoBiasItem> items =
        WinoBiasReader.read(options.needData(name(), "WinoBias files or their directory"));
    String template = options.template();
    String method =
        template == null ? WinoBiasPrompts.METHOD : template.strip().toLowerCase(Locale.ROOT);
    return switch (method) {
      case WinoBiasPrompts.METHOD -> {
        WinoBiasPrompts task = new WinoBiasPrompts(items, options.maxNewTokens());
        ModelOpener<TextCompleter> completers = dir -> TextCompleter.of(sessions.open(dir));
        yield (listener, checkpoints, out) ->
            new EvalRunner(listener).run(task, completers, checkpoints, out);
      }
      case WinoBiasTask.METHOD -> {
        WinoBiasTask task = new WinoBiasTask(items);
        ModelOpener<TextScorer> scorers = dir -> TextScorer.of(sessions.open(dir));
        yield (listener, checkpoints, out) ->
            new EvalRunner(listener).run(task, scorers, checkpoints, out);
      }
      default ->
          throw new StepIndexException(
              "unknown WinoBias template '" + template + "'; expected pythia or likelihood");
    };
  }

  @Override
  public String summaryHeader() {
    return null;
  }

  @Override
  public String summaryLine(Object summary) {
    WinoBiasTask.Summary b = (WinoBiasTask.Summary) summary;
    return String.format(
        Locale.ROOT,
        "%-40s %8s n=%d pro=%s anti=%s diff=%s",
        b.model(),
        SummaryLines.step(b.step()),
        b.n(),
        SummaryLines.rate(b.all().pro()),
        SummaryLines.rate(b.all().anti()),
        SummaryLines.rate(b.all().diff()));
  }

  @Override
  public ReportSection reportSection() {
    return ReportSection.BIAS;
  }
}
