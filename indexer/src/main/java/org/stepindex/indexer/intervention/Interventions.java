package org.stepindex.indexer.intervention;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * Reads intervention specs: {@code KIND[:ARGUMENTS]@START}.
 *
 * <ul>
 *   <li>{@code swap-pronouns@START}: {@link SwapPronouns}.
 *   <li>{@code replace-words:FROM=TO,FROM=TO,...@START}: {@link ReplaceWords}.
 * </ul>
 *
 * <p>START is a step, {@code 0 <= STEP < totalSteps}, or {@code pct:P}, the last P percent of
 * training ({@code 0 < P <= 100}, decimals allowed): the start is {@code totalSteps −
 * ceil(totalSteps · P / 100)}, computed exactly, so at least P percent of the steps are changed.
 * Pythia's 143,000 steps: {@code pct:7} starts at 132,990 (10,010 steps changed), {@code pct:21} at
 * 112,970. The resolved spec ({@link Intervention#spec()}) always names the absolute step, so the
 * same data gives the same spec however the start was written.
 */
public final class Interventions {
  private static final String PERCENT = "pct:";
  private static final String USAGE =
      "; use "
          + SwapPronouns.KIND
          + "@STEP, "
          + SwapPronouns.KIND
          + "@pct:P (the last P% of steps) or "
          + ReplaceWords.KIND
          + ":FROM=TO,...@STEP";

  private Interventions() {}

  /**
   * Parses and resolves a spec.
   *
   * @param spec the spec, e.g. {@code swap-pronouns@pct:7}
   * @param tokenizer the tokenizer the data was made with; the token maps are derived from it
   * @param totalSteps the steps of the whole training run (of the data), for {@code pct:} and the
   *     range check
   * @return the intervention, its start resolved to an absolute step
   * @throws StepIndexException (one line) when the spec is malformed, its start is outside {@code
   *     [0, totalSteps)}, or it would change nothing
   */
  public static Intervention parse(String spec, HfTokenizer tokenizer, long totalSteps) {
    if (spec == null || spec.isBlank()) {
      throw new StepIndexException("empty intervention" + USAGE);
    }
    String trimmed = spec.strip();
    int at = trimmed.lastIndexOf('@');
    if (at < 0) {
      throw new StepIndexException("intervention '" + trimmed + "' has no start step" + USAGE);
    }
    long start = startStep(trimmed, trimmed.substring(at + 1).strip(), totalSteps);
    String what = trimmed.substring(0, at).strip();
    int colon = what.indexOf(':');
    String kind = (colon < 0 ? what : what.substring(0, colon)).strip();
    String arguments = colon < 0 ? null : what.substring(colon + 1).strip();
    return switch (kind) {
      case SwapPronouns.KIND -> {
        if (arguments != null) {
          throw new StepIndexException(
              "intervention '"
                  + trimmed
                  + "': "
                  + SwapPronouns.KIND
                  + " takes no arguments"
                  + USAGE);
        }
        yield SwapPronouns.of(tokenizer, start);
      }
      case ReplaceWords.KIND -> ReplaceWords.of(tokenizer, wordPairs(trimmed, arguments), start);
      default ->
          throw new StepIndexException(
              "unknown intervention '" + kind + "' in '" + trimmed + "'" + USAGE);
    };
  }

  /** The first changed step for START, which is {@code STEP} or {@code pct:P}. */
  static long startStep(String spec, String start, long totalSteps) {
    if (totalSteps <= 0) {
      throw new IllegalArgumentException("totalSteps must be positive, got " + totalSteps);
    }
    if (start.startsWith(PERCENT)) {
      BigDecimal percent = number(spec, start.substring(PERCENT.length()).strip());
      if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new StepIndexException(
            "intervention '"
                + spec
                + "': pct:P needs 0 < P <= 100 (the last P% of the steps), got "
                + percent);
      }
      long changed =
          BigDecimal.valueOf(totalSteps)
              .multiply(percent)
              .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING)
              .longValueExact();
      return totalSteps - changed;
    }
    long step;
    try {
      step = Long.parseLong(start);
    } catch (NumberFormatException e) {
      throw new StepIndexException(
          "intervention '" + spec + "': start '" + start + "' is neither a step nor pct:P" + USAGE);
    }
    if (step < 0 || step >= totalSteps) {
      throw new StepIndexException(
          "intervention '"
              + spec
              + "' starts at step "
              + step
              + ", outside the training steps 0:"
              + totalSteps
              + "; it would change nothing");
    }
    return step;
  }

  private static BigDecimal number(String spec, String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new StepIndexException(
          "intervention '" + spec + "': '" + text + "' after pct: is not a number" + USAGE);
    }
  }

  private static SequencedMap<String, String> wordPairs(String spec, String arguments) {
    if (arguments == null || arguments.isEmpty()) {
      throw new StepIndexException(
          "intervention '"
              + spec
              + "': "
              + ReplaceWords.KIND
              + " needs word pairs, e.g. "
              + ReplaceWords.KIND
              + ":cat=dog,dogs=cats@1000");
    }
    SequencedMap<String, String> pairs = new LinkedHashMap<>();
    for (String pair : arguments.split(",", -1)) {
      String[] sides = pair.split("=", -1);
      if (sides.length != 2 || sides[0].isBlank() || sides[1].isBlank()) {
        throw new StepIndexException(
            "intervention '"
                + spec
                + "': '"
                + pair
                + "' is not FROM=TO, e.g. "
                + ReplaceWords.KIND
                + ":cat=dog,dogs=cats@1000");
      }
      if (pairs.putIfAbsent(sides[0].strip(), sides[1].strip()) != null) {
        throw new StepIndexException(
            "intervention '"
                + spec
                + "': '"
                + sides[0].strip()
                + "' is replaced twice; give each word once");
      }
    }
    return pairs;
  }
}
