package org.stepindex.eval.tasks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.stepindex.indexer.StepIndexException;

/** An arithmetic operation, named by the word the prompt uses for it. */
public enum Operation {
  /** {@code x1 + x2}. */
  PLUS("plus"),
  /** {@code x1 - x2}; negative when x2 is larger. */
  MINUS("minus"),
  /** {@code x1 * x2}. */
  TIMES("times");

  private final String word;

  Operation(String word) {
    this.word = word;
  }

  /** The word in prompts and output files: {@code plus}, {@code minus}, {@code times}. */
  public String word() {
    return word;
  }

  /** The exact result. */
  public long apply(int x1, int x2) {
    return switch (this) {
      case PLUS -> (long) x1 + x2;
      case MINUS -> (long) x1 - x2;
      case TIMES -> (long) x1 * x2;
    };
  }

  /**
   * The operation named {@code word} (case-insensitive).
   *
   * @throws StepIndexException if no operation has that name
   */
  public static Operation parse(String word) {
    for (Operation op : values()) {
      if (op.word.equalsIgnoreCase(word.strip())) {
        return op;
      }
    }
    throw new StepIndexException(
        "unknown arithmetic operation '" + word + "'; expected one of " + names());
  }

  /**
   * A comma-separated list of operations, such as {@code plus,times}.
   *
   * @throws StepIndexException on an unknown name, an empty list or a repeated operation
   */
  public static List<Operation> parseList(String words) {
    List<Operation> ops = new ArrayList<>();
    for (String w : words.split(",", -1)) {
      if (w.isBlank()) {
        throw new StepIndexException("empty operation in '" + words + "'; expected e.g. plus,times");
      }
      ops.add(parse(w));
    }
    return ops;
  }

  private static String names() {
    return Arrays.stream(values()).map(Operation::word).collect(Collectors.joining(", "));
  }
}
