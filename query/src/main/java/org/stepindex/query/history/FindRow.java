package org.stepindex.query.history;

import java.util.Arrays;
import java.util.List;
import org.stepindex.query.rows.JsonNull;
import org.stepindex.query.rows.Row;

/**
 * One match {@code find} lists: where it is in training and its text.
 *
 * @param query the query exactly as given
 * @param view the view searched
 * @param step the training step that consumed the sequence
 * @param sequence the sequence's global number, in data order
 * @param batchIndex the sequence's place in its step's batch, from 0
 * @param position where the match starts inside the sequence: a word offset ({@code text}, {@code
 *     entities}), a token offset ({@code tokens}, special tokens counted), or a character offset in
 *     the study script's line ({@code pythia-numbers}); null for a match the index holds no
 *     position for
 * @param text the decoded text around the match
 * @param cursor where {@code --after} continues after this row
 */
public record FindRow(
    String query,
    String view,
    long step,
    long sequence,
    int batchIndex,
    Integer position,
    String text,
    String cursor)
    implements Row {
  /** The columns, in order. */
  public static final List<String> COLUMNS =
      List.of("query", "view", "step", "sequence", "batch_index", "position", "text", "cursor");

  /** This row with another text (a table shows line ends as visible marks). */
  public FindRow withText(String other) {
    return new FindRow(query, view, step, sequence, batchIndex, position, other, cursor);
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> values() {
    return Arrays.asList(
        query,
        view,
        step,
        sequence,
        batchIndex,
        position == null ? JsonNull.VALUE : position,
        text,
        cursor);
  }
}
