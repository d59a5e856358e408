package org.stepindex.eval.correlate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.PythiaNumbersView;
import org.stepindex.indexer.views.TextView;
import org.stepindex.indexer.views.TokensView;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.ViewQuery;

/**
 * The index query that counts an arithmetic operand in a view:
 *
 * <ul>
 *   <li>{@code pythia-numbers}: the number {@code x1} as the Pythia study's script counts it (once
 *       per number in each of its windows); for a time-unit conversion the script's key {@code
 *       "x1-unit"} (e.g. {@code 12-minute}).
 *   <li>{@code text}: the word {@code x1} (numbers are whole words in the text view).
 *   <li>{@code tokens}: the token ids of {@code " " + x1} under the index's tokenizer — one id for
 *       most small numbers in GPT-NeoX, else the n-gram of its ids. The leading space is how an
 *       operand appears inside a prompt.
 * </ul>
 *
 * <p>Only {@code pythia-numbers} has number-and-unit keys; the other views count a conversion's
 * operand alone.
 */
public final class OperandQueries implements AutoCloseable {
  private final FrequencyIndex index;
  private final String view;
  private final HfTokenizer tokenizer;

  private OperandQueries(FrequencyIndex index, String view, HfTokenizer tokenizer) {
    this.index = index;
    this.view = view;
    this.tokenizer = tokenizer;
  }

  /**
   * Queries for {@code view} of {@code index}.
   *
   * @param tokenizer the {@code tokenizer.json} for the {@code tokens} view, or null to use the one
   *     the manifest names; ignored for other views
   * @throws StepIndexException for an unknown view, or when the tokens view's tokenizer cannot be
   *     found
   */
  public static OperandQueries open(FrequencyIndex index, String view, Path tokenizer) {
    switch (view) {
      case PythiaNumbersView.NAME, TextView.NAME -> {
        return new OperandQueries(index, view, null);
      }
      case TokensView.NAME -> {
        Path file = tokenizer != null ? tokenizer : Path.of(index.manifest().tokenizer().path());
        if (!Files.isRegularFile(file)) {
          throw new StepIndexException(
              "the tokenizer "
                  + file
                  + " that the index was built with is gone; pass its tokenizer.json");
        }
        HfTokenizer loaded = HfTokenizer.load(file);
        if (!loaded.sha256().equals(index.manifest().tokenizer().sha256())) {
          loaded.close();
          throw new StepIndexException(
              "tokenizer "
                  + file
                  + " is not the one the index at "
                  + index.dir()
                  + " was built with");
        }
        return new OperandQueries(index, view, loaded);
      }
      default ->
          throw new StepIndexException(
              "unknown view '" + view + "'; use pythia-numbers, text or tokens");
    }
  }

  /**
   * The query text for operand {@code x1} in this view (token ids separated by spaces for {@code
   * tokens}).
   */
  public String text(long x1) {
    return text(x1, null);
  }

  /**
   * The query text for operand {@code x1} of a task about {@code unit}.
   *
   * @param unit the time unit of a conversion ({@code minute}, ...), or null for an arithmetic
   *     operand
   */
  public String text(long x1, String unit) {
    if (unit != null && view.equals(PythiaNumbersView.NAME)) {
      return x1 + "-" + unit;
    }
    if (tokenizer == null) {
      return Long.toString(x1);
    }
    return Arrays.stream(tokenizer.encode(" " + x1))
        .mapToObj(Integer::toString)
        .collect(Collectors.joining(" "));
  }

  /** The compiled query for operand {@code x1}. */
  public ViewQuery query(long x1) {
    return query(x1, null);
  }

  /** The compiled query for operand {@code x1} of a task about {@code unit} (null for none). */
  public ViewQuery query(long x1, String unit) {
    return index.compile(view, text(x1, unit));
  }

  @Override
  public void close() {
    if (tokenizer != null) {
      tokenizer.close();
    }
  }
}
