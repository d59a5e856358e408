package org.stepindex.indexer.intervention;

import java.util.List;
import java.util.SequencedMap;
import java.util.regex.Pattern;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * From a step on, replaces chosen words by others, e.g. to remove a fact's subject ({@code
 * paris=rome}) or to exchange two words ({@code cat=dog,dog=cat}: the replacements happen at once,
 * so the pair swaps).
 *
 * <p>Exactly the words given, case included, with and without a leading space; whole words only,
 * token for token, as {@link TokenSwap} describes; forms that are not one token on both sides are
 * left alone and reported.
 *
 * <p>Spec: {@code replace-words:FROM=TO,FROM=TO,...@STEP} or {@code ...@pct:P} (see {@link
 * Interventions#parse}). Words are letters, digits, marks and {@code _}, since "whole word" means
 * nothing for other characters.
 */
public final class ReplaceWords implements Intervention {
  /** The spec's kind. */
  public static final String KIND = "replace-words";

  private static final Pattern WORD = Pattern.compile("[\\w]+", Pattern.UNICODE_CHARACTER_CLASS);

  private final long startStep;
  private final String pairs;
  private final TokenSwap swap;

  private ReplaceWords(long startStep, String pairs, TokenSwap swap) {
    this.startStep = startStep;
    this.pairs = pairs;
    this.swap = swap;
  }

  /**
   * Derives the word map from {@code tokenizer}.
   *
   * @param tokenizer the tokenizer the data was made with
   * @param words source word → replacing word, in spec order
   * @param startStep the first step changed, {@code >= 0}
   * @throws StepIndexException when a word is not a word, maps to itself, or no pair is one token
   *     on both sides
   */
  public static ReplaceWords of(
      HfTokenizer tokenizer, SequencedMap<String, String> words, long startStep) {
    if (startStep < 0) {
      throw new IllegalArgumentException("startStep must be >= 0, got " + startStep);
    }
    if (words.isEmpty()) {
      throw new StepIndexException(KIND + " needs word pairs, e.g. " + KIND + ":cat=dog@1000");
    }
    StringBuilder pairs = new StringBuilder();
    for (var pair : words.entrySet()) {
      for (String word : List.of(pair.getKey(), pair.getValue())) {
        if (!WORD.matcher(word).matches()) {
          throw new StepIndexException(
              KIND
                  + " word '"
                  + word
                  + "' is not a word: use letters, digits and _ only, e.g. "
                  + KIND
                  + ":cat=dog@1000");
        }
      }
      if (pair.getKey().equals(pair.getValue())) {
        throw new StepIndexException(
            KIND + " maps '" + pair.getKey() + "' to itself; drop that pair");
      }
      pairs
          .append(pairs.isEmpty() ? "" : ",")
          .append(pair.getKey())
          .append('=')
          .append(pair.getValue());
    }
    String spec = KIND + ":" + pairs + "@" + startStep;
    return new ReplaceWords(startStep, pairs.toString(), TokenSwap.derive(spec, tokenizer, words));
  }

  @Override
  public long startStep() {
    return startStep;
  }

  @Override
  public boolean apply(long step, int[] tokens, int length) {
    return step >= startStep && swap.apply(tokens, length);
  }

  @Override
  public String spec() {
    return KIND + ":" + pairs + "@" + startStep;
  }

  /** The forms replaced, with their ids. */
  public List<Mapping> mapped() {
    return swap.mapped();
  }

  /** The source forms left alone because a side of the pair is not one token. */
  public List<String> unmapped() {
    return swap.unmapped();
  }

  @Override
  public String describe() {
    return spec() + ": from step " + startStep + " on, words are replaced; " + swap.describe();
  }

  @Override
  public String toString() {
    return spec();
  }
}
