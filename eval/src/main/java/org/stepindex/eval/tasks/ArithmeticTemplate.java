package org.stepindex.eval.tasks;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.stepindex.indexer.base.StepIndexException;

/**
 * How an arithmetic question is worded and how a solved example is joined to its answer. Shots are
 * joined by {@link FewShotPrompt} in both templates.
 *
 * <p>Example, {@code plus}, k = 1: {@code PYTHIA} gives {@code "Q:What is 3 plus 5? A:8\n\nQ:What
 * is 12 plus 7? A:"}, {@code RAZEGHI} gives {@code "Q: What is 3 plus 5?\nA: 8\n\nQ: What is 12
 * plus 7?\nA:"}.
 */
public enum ArithmeticTemplate {
  /**
   * {@code Q:What is {x1} {op} {x2}? A:} and the answer with no space before it, as the Pythia
   * study's {@code task.py} words it ({@code doc_to_text} {@code "Q:What is {x1} plus {x2}? A:"},
   * {@code doc_to_target} {@code "{y_add}"}), which lm-evaluation-harness v0.3 joins as {@code text
   * + target}.
   */
  PYTHIA("pythia", "Q:What is %s? A:", ""),

  /**
   * {@code Q: What is {x1} {op} {x2}?\nA:} and {@code " " + answer}: the question-answer form of
   * Razeghi et al.
   */
  RAZEGHI("razeghi", "Q: What is %s?\nA:", " ");

  private final String id;
  private final String format;
  private final String targetDelimiter;

  ArithmeticTemplate(String id, String format, String targetDelimiter) {
    this.id = id;
    this.format = format;
    this.targetDelimiter = targetDelimiter;
  }

  /** The name in options and output files. */
  public String id() {
    return id;
  }

  /** The question for {@code x1 op x2}, ending where the answer starts. */
  public String question(Operation op, int x1, int x2) {
    return String.format(Locale.ROOT, format, op.phrase(x1, x2));
  }

  /**
   * A solved example's answer as it follows the question: {@code "8"} ({@code pythia}) or {@code "
   * 8"}.
   */
  public String shotTarget(String answer) {
    return targetDelimiter + answer;
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
    throw new StepIndexException(
        "unknown arithmetic template '"
            + id
            + "'; expected one of "
            + Arrays.stream(values())
                .map(ArithmeticTemplate::id)
                .collect(Collectors.joining(", ")));
  }
}
