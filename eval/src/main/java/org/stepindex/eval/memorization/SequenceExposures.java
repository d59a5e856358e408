package org.stepindex.eval.memorization;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.TokensView;
import org.stepindex.query.FrequencyIndex;

/**
 * How often a tested sequence's text had been seen (issue #17 item 5; Carlini et al. 2022:
 * memorization grows with duplication): the occurrences of its 32-token continuation and of its
 * whole 64 tokens in the {@code tokens} view, by the step the sequence was trained at (its own
 * batch included, so the whole window counts itself) and by the checkpoint. Exact, with the view's
 * rule: an occurrence never spans a special token, so a window that holds one (a document ended
 * inside it) has no count (null). Each sequence costs four phrase counts of 32 or 64 tokens.
 */
public final class SequenceExposures {
  private final FrequencyIndex index;
  private final HfTokenizer tokenizer;

  /**
   * Counts in {@code index}, which needs the {@code tokens} view.
   *
   * @param index the index of the training data the sequences come from
   * @param tokenizer its tokenizer (which ids are special)
   */
  public SequenceExposures(FrequencyIndex index, HfTokenizer tokenizer) {
    index.checkView(TokensView.NAME);
    this.index = index;
    this.tokenizer = tokenizer;
  }

  /**
   * The four counts of one sequence.
   *
   * @param continuationAtTrain occurrences of the continuation in steps {@code [0, trainedStep]};
   *     null when the window holds a special token
   * @param fullAtTrain occurrences of the whole window in steps {@code [0, trainedStep]}
   * @param continuationAtCheckpoint occurrences of the continuation in steps {@code [0,
   *     checkpoint)}
   * @param fullAtCheckpoint occurrences of the whole window in steps {@code [0, checkpoint)}
   */
  public record Counts(
      Long continuationAtTrain,
      Long fullAtTrain,
      Long continuationAtCheckpoint,
      Long fullAtCheckpoint) {}

  /**
   * Counts the window {@code window} (prompt then continuation) of a sequence trained at {@code
   * trainedStep}, for the checkpoint of {@code checkpointStep}.
   *
   * @param window the prompt's tokens followed by the continuation's
   * @param continuation how many of the window's last tokens are the continuation
   * @throws StepIndexException (one line) when the index does not cover both steps
   */
  public Counts count(int[] window, int continuation, long trainedStep, long checkpointStep) {
    for (int id : window) {
      if (tokenizer.isSpecial(id)) {
        return new Counts(null, null, null, null);
      }
    }
    String full = ids(window, 0);
    String tail = ids(window, window.length - continuation);
    return new Counts(
        occurrences(tail, trainedStep + 1),
        occurrences(full, trainedStep + 1),
        occurrences(tail, checkpointStep),
        occurrences(full, checkpointStep));
  }

  private long occurrences(String ids, long step) {
    return index.countAt(index.compile(TokensView.NAME, ids), step).occurrences();
  }

  private static String ids(int[] window, int from) {
    return Arrays.stream(window, from, window.length)
        .mapToObj(Integer::toString)
        .collect(Collectors.joining(" "));
  }
}
