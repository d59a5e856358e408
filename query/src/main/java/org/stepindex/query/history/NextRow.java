package org.stepindex.query.history;

import java.util.Arrays;
import java.util.List;
import org.stepindex.query.rows.Row;

/**
 * One token that followed a context in the data seen by a step: {@code next}'s answer, a row per
 * next token.
 *
 * @param context the context's token ids as given
 * @param step the step ("at step S": the sequences of steps {@code [0, S)})
 * @param n how many of the context's last ids were matched (all of them, unless {@code
 *     --infinigram} backed off)
 * @param token the next token's id
 * @param text the next token decoded (a special token as its text, e.g. {@code <|endoftext|>})
 * @param count how often it followed
 * @param probability {@code count} over the count of every token that followed
 */
public record NextRow(
    List<Integer> context, long step, int n, int token, String text, long count, double probability)
    implements Row {
  /** The columns, in order. */
  public static final List<String> COLUMNS =
      List.of("context", "step", "n", "token", "text", "count", "probability");

  public NextRow {
    context = List.copyOf(context);
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> values() {
    return Arrays.asList(context, step, n, token, text, count, probability);
  }
}
