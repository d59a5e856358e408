package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stepindex.eval.registry.EvalTasks;
import org.stepindex.eval.registry.TaskDefinition;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code stepindex eval}'s help says what the task registry holds: every task's paragraph, and
 * their names.
 */
class EvalCommandHelpTest {
  private static CommandSpec eval() {
    return Main.commandLine("eval").getSubcommands().get("eval").getCommandSpec();
  }

  /**
   * The introduction, a blank line, each task's paragraph in the registry's order, a blank line,
   * the output files.
   */
  @Test
  void descriptionHoldsEveryTaskParagraphInTheRegistrysOrder() {
    List<String> expected = new ArrayList<>();
    expected.add(
        "Evaluate checkpoints few-shot, greedily (until a newline, at most --max-new-tokens).");
    expected.add("");
    EvalTasks.all().forEach(t -> expected.add(t.help()));
    expected.add("");
    expected.add(
        "Writes <task>-step<N>.jsonl (one line per instance) and <task>-step<N>.summary.json per checkpoint"
            + " into --out; the step is read from a directory named stepN, or given with --step.");
    assertEquals(expected, List.of(eval().usageMessage().description()));
  }

  /**
   * The {@code --task} option's description is an annotation constant; it must name the registry's
   * tasks.
   */
  @Test
  void taskOptionNamesTheRegistrysTasks() {
    List<String> names = EvalTasks.all().stream().map(TaskDefinition::name).toList();
    assertEquals(names, EvalTasks.names());
    String listed =
        String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast() + ".";
    assertEquals(listed, eval().findOption("--task").description()[0]);
  }

  /**
   * Each paragraph is printed once, as picocli wraps it (it may break a line inside a word:
   * whitespace is left out).
   */
  @Test
  void helpPrintsEveryTaskParagraph() {
    String out = CliRun.of("eval", "--help").ok().out().replaceAll("\\s+", "");
    for (TaskDefinition task : EvalTasks.all()) {
      String paragraph = task.help().replaceAll("\\s+", "");
      assertEquals(
          1,
          out.split(java.util.regex.Pattern.quote(paragraph), -1).length - 1,
          task.name() + " in " + out);
    }
  }
}
