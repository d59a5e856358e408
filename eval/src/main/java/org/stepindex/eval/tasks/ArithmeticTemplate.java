package org.stepindex.eval.tasks;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.stepindex.indexer.StepIndexException;

/**
 * How an arithmetic question is worded. Shots are joined by {@link FewShotPrompt} in both templates.
 *
 * <p>Example, {@code plus}, k = 1: {@code PYTHIA} gives {@code "Q:What is 3 plus 5? A: 8\n\nQ:What is 12 plus 7?
 * A:"}, {@code RAZEGHI} gives {@code "Q: What is 3 plus 5?\nA: 8\n\nQ: What is 12 plus 7?\nA:"}.
 */
public enum ArithmeticTemplate {
  /**
   * {@code Q:What is {x1} {op} {x2}? A:} — no space after {@code Q:}, as in the Pythia term-frequency study. The
   * study's arithmetic task file is not part of the published {@code case-studies/term_frequency/} sources
   * ({@code run_model_eval.py} imports it from a missing {@code task.py}); the wording follows the issue, the paper
   * (§3.3, after Razeghi et al. 2022) and the study's {@code trivia_qa.py}, whose template has the same {@code Q:...
   * A:} shape.
   */
  PYTHIA("pythia", "Q:What is %d %s %d? A:"),

  /** {@code Q: What is {x1} {op} {x2}?\nA:}, the question-answer form of Razeghi et al. (2022). */
  RAZEGHI("razeghi", "Q: What is %d %s %d?\nA:");

  private final String id;
  private final String format;

  ArithmeticTemplate(String id, String format) {
    this.id = id;
    this.format = format;
  }

  /** The name in options and output files. */
  public String id() {
    return id;
  }

  /** The question for {@code x1 op x2}, ending where the answer starts. */
  public String question(Operation op, int x1, int x2) {
    return String.format(Locale.ROOT, format, x1, op.word(), x2);
  }

  /**
   * The template named {@code id}.
   *
   * @throws StepIndexException if there is none
   */
  public static ArithmeticTemplate parse(String id) {
    for (ArithmeticTemplate t : values()) {
      if (t.id.equalsIgnoreCase(id.strip())) {
        return t;
      }
    }
    throw new StepIndexException("unknown arithmetic template '" + id + "'; expected one of "
        + Arrays.stream(values()).map(ArithmeticTemplate::id).collect(Collectors.joining(", ")));
  }
}
