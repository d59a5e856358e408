package org.stepindex.indexer.intervention;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * The Pythia paper's intervention (§3.1): from a step on, masculine pronouns become feminine ones,
 * he → she, him → her, his → her, himself → herself, lower-case and capitalized, with and without a
 * leading space.
 *
 * <p>The swap is token for token and whole words only (see {@link TokenSwap}): a form is mapped
 * when it and its replacement are each one token of the tokenizer; forms that are not (in
 * GPT-NeoX's vocabulary, perhaps {@code " Himself"}) are left alone and listed by {@link
 * #unmapped()} and {@link #describe()}. "his" becomes "her" also where "hers" would be grammatical
 * ("the book is his"): one token cannot tell the two uses apart, and it is the paper's choice.
 *
 * <p>Spec: {@code swap-pronouns@STEP} or {@code swap-pronouns@pct:P} (see {@link
 * Interventions#parse}).
 */
public final class SwapPronouns implements Intervention {
  /** The spec's kind. */
  public static final String KIND = "swap-pronouns";

  /** Masculine → feminine, in the order they are reported. */
  private static final List<String[]> PRONOUNS =
      List.of(
          new String[] {"he", "she"},
          new String[] {"him", "her"},
          new String[] {"his", "her"},
          new String[] {"himself", "herself"});

  private final long startStep;
  private final TokenSwap swap;

  private SwapPronouns(long startStep, TokenSwap swap) {
    this.startStep = startStep;
    this.swap = swap;
  }

  /**
   * Derives the pronoun map from {@code tokenizer}.
   *
   * @param tokenizer the tokenizer the data was made with (its native half encodes each form once)
   * @param startStep the first step changed, {@code >= 0}
   * @throws org.stepindex.indexer.base.StepIndexException when no pronoun pair is one token on both
   *     sides
   */
  public static SwapPronouns of(HfTokenizer tokenizer, long startStep) {
    if (startStep < 0) {
      throw new IllegalArgumentException("startStep must be >= 0, got " + startStep);
    }
    SequencedMap<String, String> words = new LinkedHashMap<>();
    for (String[] pair : PRONOUNS) {
      words.put(pair[0], pair[1]);
    }
    for (String[] pair : PRONOUNS) {
      words.put(capitalize(pair[0]), capitalize(pair[1]));
    }
    return new SwapPronouns(startStep, TokenSwap.derive(KIND + "@" + startStep, tokenizer, words));
  }

  private static String capitalize(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
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
    return KIND + "@" + startStep;
  }

  /** The forms swapped, with their ids: {@code " he" → " she"} and so on. */
  public List<Mapping> mapped() {
    return swap.mapped();
  }

  /**
   * The masculine forms left alone because a side of the pair is not one token ({@code "
   * Himself"}).
   */
  public List<String> unmapped() {
    return swap.unmapped();
  }

  @Override
  public String describe() {
    return spec()
        + ": from step "
        + startStep
        + " on, masculine pronouns become feminine; "
        + swap.describe();
  }

  @Override
  public String toString() {
    return spec();
  }
}
