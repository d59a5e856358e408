package org.stepindex.eval.registry;

import java.util.ArrayList;
import java.util.List;
import org.stepindex.eval.report.ReportSection;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The registry of eval tasks: every task a user can name, in the order help lists them and the
 * report shows their sections. Adding a task is a {@link TaskDefinition} listed here.
 */
public final class EvalTasks {
  private static final List<TaskDefinition> ALL =
      List.of(
          new ArithmeticDefinition(),
          new TriviaQaDefinition(),
          new CrowsPairsDefinition(),
          new WinoBiasDefinition(),
          new MemorizationDefinition(),
          new NgramAgreementDefinition());
  private static final List<String> NAMES = ALL.stream().map(TaskDefinition::name).toList();

  private EvalTasks() {}

  /** Every task, in the registry's order. */
  public static List<TaskDefinition> all() {
    return ALL;
  }

  /**
   * The tasks' names, in the registry's order: {@code [arithmetic, triviaqa, crows-pairs, winobias,
   * memorization, ngram-agreement]}.
   */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * The task with the given name.
   *
   * @param name a task name, e.g. {@code crows-pairs}
   * @return the (shared, stateless) definition
   * @throws StepIndexException listing the valid names if there is no such task
   */
  public static TaskDefinition byName(String name) {
    for (TaskDefinition task : ALL) {
      if (task.name().equals(name)) {
        return task;
      }
    }
    throw new StepIndexException(
        "--task must be "
            + String.join(", ", NAMES.subList(0, NAMES.size() - 1))
            + " or "
            + NAMES.getLast()
            + ", got '"
            + name
            + "'");
  }

  /**
   * The task's join with frequencies, for {@code stepindex correlate NAME}.
   *
   * @throws StepIndexException if there is no such task or it has no correlation
   */
  public static Correlation correlation(String name) {
    return byName(name)
        .correlation()
        .orElseThrow(() -> new StepIndexException("task " + name + " has no correlation"));
  }

  /**
   * The report's task sections in the order the report shows them: those of the tasks' summaries,
   * then those of the tasks' correlations, each once.
   */
  public static List<ReportSection> reportSections() {
    List<ReportSection> sections = new ArrayList<>();
    for (TaskDefinition task : ALL) {
      add(sections, task.reportSection());
    }
    for (TaskDefinition task : ALL) {
      task.correlation().map(Correlation::reportSection).ifPresent(s -> add(sections, s));
    }
    return List.copyOf(sections);
  }

  private static void add(List<ReportSection> sections, ReportSection section) {
    if (!sections.contains(section)) {
      sections.add(section);
    }
  }
}
