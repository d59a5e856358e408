package org.stepindex.eval.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stepindex.eval.report.ReportSection;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The registry: the names users give, the correlations {@code stepindex correlate} offers, the
 * report's order.
 */
class EvalTasksTest {
  @Test
  void namesAreTheCommandsTaskNamesInHelpOrder() {
    assertEquals(
        List.of(
            "arithmetic", "triviaqa", "crows-pairs", "winobias", "memorization", "ngram-agreement"),
        EvalTasks.names());
    for (String name : EvalTasks.names()) {
      assertEquals(name, EvalTasks.byName(name).name());
      assertTrue(EvalTasks.byName(name).help().startsWith(name + ": "), name);
    }
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    StepIndexException e = assertThrows(StepIndexException.class, () -> EvalTasks.byName("gsm8k"));
    assertEquals(
        "--task must be arithmetic, triviaqa, crows-pairs, winobias, memorization or ngram-agreement, got 'gsm8k'",
        e.getMessage());
  }

  @Test
  void onlyArithmeticAndTriviaQaCorrelate() {
    assertEquals(
        ReportSection.ARITHMETIC_FREQUENCY, EvalTasks.correlation("arithmetic").reportSection());
    assertEquals(ReportSection.TRIVIA_FREQUENCY, EvalTasks.correlation("triviaqa").reportSection());
    for (String name : List.of("crows-pairs", "winobias", "memorization", "ngram-agreement")) {
      assertFalse(EvalTasks.byName(name).correlation().isPresent(), name);
      StepIndexException e =
          assertThrows(StepIndexException.class, () -> EvalTasks.correlation(name));
      assertEquals("task " + name + " has no correlation", e.getMessage());
    }
  }

  /**
   * The order the report had before the registry: accuracy, bias, memorization, n-gram agreement,
   * then the correlations'.
   */
  @Test
  void reportSectionsKeepTheReportsOrder() {
    assertEquals(
        List.of(
            ReportSection.ACCURACY,
            ReportSection.BIAS,
            ReportSection.MEMORIZATION,
            ReportSection.NGRAM_AGREEMENT,
            ReportSection.ARITHMETIC_FREQUENCY,
            ReportSection.TRIVIA_FREQUENCY),
        EvalTasks.reportSections());
  }
}
