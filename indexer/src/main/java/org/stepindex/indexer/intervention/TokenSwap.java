package org.stepindex.indexer.intervention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * Replaces whole words by other words, one token by one token, so a sequence keeps its length.
 *
 * <p>Each word pair {@code w → r} gives two forms, {@code w → r} and {@code " "+w → " "+r}. A form
 * is mapped only when the tokenizer encodes both sides to exactly one ordinary (not special) token;
 * any other form cannot be swapped without changing the length and is left alone, and reported by
 * {@link #unmapped()}.
 *
 * <p>Whole words only: with a byte-level decoder a token's text is exactly what it adds to the
 * decoded text, so a mapped token whose next token starts with a word character (letter, digit,
 * mark, {@code _}) is the start of a longer word ({@code "he"+"llo"}), and a form without a leading
 * space whose previous token ends with one is the end of one ({@code "ac"+"he"}); both are left
 * alone. A character split across tokens decodes to U+FFFD and counts as a word character, since it
 * may be a letter. The token before a sequence's first and after its last are not known (the data
 * cuts documents into sequences), so a sequence's edges count as word boundaries. Other decoders
 * may insert text between tokens, so there each mapped token is taken to be a word on its own.
 *
 * <p>Immutable; {@link #apply} may run on many threads at once.
 */
final class TokenSwap {
  private static final int NONE = -1;

  /** A form that could not be mapped, and why. */
  private record Skipped(String from, String to, String why) {
    @Override
    public String toString() {
      return '"' + from + "\" → \"" + to + "\" (" + why + ")";
    }
  }

  /** Replacement id by source id, {@link #NONE} for ids that stay. */
  private final int[] target;

  /**
   * Whether a token's text starts / ends with a word character; null when token texts are not known
   * exactly.
   */
  private final boolean[] startsWord;

  private final boolean[] endsWord;
  private final List<Mapping> mapped;
  private final List<Skipped> skipped;

  private TokenSwap(
      int[] target,
      boolean[] startsWord,
      boolean[] endsWord,
      List<Mapping> mapped,
      List<Skipped> skipped) {
    this.target = target;
    this.startsWord = startsWord;
    this.endsWord = endsWord;
    this.mapped = List.copyOf(mapped);
    this.skipped = List.copyOf(skipped);
  }

  /**
   * Derives the token map for {@code words} (source word → replacing word, in the order to report
   * them).
   *
   * @param spec the intervention's spec, to name it in errors
   * @throws StepIndexException when no form at all is one token on both sides: the intervention
   *     would change nothing
   */
  static TokenSwap derive(String spec, HfTokenizer tokenizer, SequencedMap<String, String> words) {
    int[] target = new int[tokenizer.vocabSize()];
    Arrays.fill(target, NONE);
    List<Mapping> mapped = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (Map.Entry<String, String> word : words.entrySet()) {
      for (String prefix : new String[] {"", " "}) {
        String from = prefix + word.getKey();
        String to = prefix + word.getValue();
        int fromId = singleToken(tokenizer, from);
        int toId = singleToken(tokenizer, to);
        if (fromId == NONE || toId == NONE) {
          String which =
              fromId == NONE && toId == NONE
                  ? "neither is"
                  : '"' + (fromId == NONE ? from : to) + "\" is not";
          skipped.add(new Skipped(from, to, which + " one token"));
        } else if (target[fromId] == NONE) {
          target[fromId] = toId;
          mapped.add(new Mapping(from, fromId, to, toId));
        } else if (target[fromId] != toId) {
          // Two source forms that are one token (a tokenizer that ignores case or the space) with
          // different targets.
          skipped.add(
              new Skipped(from, to, "its token " + fromId + " already becomes " + target[fromId]));
        }
      }
    }
    if (mapped.isEmpty()) {
      throw new StepIndexException(
          "intervention "
              + spec
              + " would change nothing: no form is one token on both sides in tokenizer "
              + tokenizer.path()
              + " ("
              + String.join("; ", skipped.stream().map(Skipped::toString).toList())
              + ")");
    }
    boolean[] startsWord = null;
    boolean[] endsWord = null;
    if (tokenizer.hasFastDecoder()) {
      startsWord = new boolean[tokenizer.vocabSize()];
      endsWord = new boolean[tokenizer.vocabSize()];
      int[] one = new int[1];
      for (int id = 0; id < tokenizer.vocabSize(); id++) {
        one[0] = id;
        String text = tokenizer.decode(one, 0, 1);
        if (!text.isEmpty()) {
          startsWord[id] = isWordChar(text.codePointAt(0));
          endsWord[id] = isWordChar(text.codePointBefore(text.length()));
        }
      }
    }
    return new TokenSwap(target, startsWord, endsWord, mapped, skipped);
  }

  /** The one ordinary token {@code form} encodes to, or {@link #NONE}. */
  private static int singleToken(HfTokenizer tokenizer, String form) {
    int[] ids = tokenizer.encode(form);
    return ids.length == 1 && tokenizer.contains(ids[0]) && !tokenizer.isSpecial(ids[0])
        ? ids[0]
        : NONE;
  }

  /**
   * A character that continues a word: what {@code \w} means in Unicode, plus U+FFFD (maybe half a
   * letter).
   */
  static boolean isWordChar(int codePoint) {
    if (Character.isLetterOrDigit(codePoint) || codePoint == '_' || codePoint == 0xFFFD) {
      return true;
    }
    int type = Character.getType(codePoint);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  /** The forms mapped, in the order derived. */
  List<Mapping> mapped() {
    return mapped;
  }

  /** The source forms left alone because a side is not one token, as text ({@code " Himself"}). */
  List<String> unmapped() {
    return skipped.stream().map(Skipped::from).toList();
  }

  /**
   * Replaces the whole-word mapped tokens of {@code tokens[0, length)}; returns whether any
   * changed.
   */
  boolean apply(int[] tokens, int length) {
    Objects.checkFromToIndex(0, length, tokens.length);
    boolean changed = false;
    // The previous token as it was: a replaced neighbour must not change whether this one is a
    // whole word.
    int previous = NONE;
    for (int i = 0; i < length; i++) {
      int id = tokens[i];
      if (id >= 0
          && id < target.length
          && target[id] != NONE
          && isWholeWord(id, previous, tokens, i + 1, length)) {
        tokens[i] = target[id];
        changed = true;
      }
      previous = id;
    }
    return changed;
  }

  private boolean isWholeWord(int id, int previous, int[] tokens, int next, int length) {
    if (startsWord == null) {
      return true;
    }
    boolean joinsPrevious = startsWord[id] && previous != NONE && flag(endsWord, previous);
    boolean joinsNext = next < length && flag(startsWord, tokens[next]);
    return !joinsPrevious && !joinsNext;
  }

  /** Ids outside the vocabulary decode to nothing, so they join no word. */
  private static boolean flag(boolean[] flags, int id) {
    return id >= 0 && id < flags.length && flags[id];
  }

  /** The mapped pairs and the forms left alone, for {@link Intervention#describe()}. */
  String describe() {
    StringBuilder out = new StringBuilder();
    out.append(mapped.size()).append(" token pairs, whole words only: ");
    out.append(String.join(", ", mapped.stream().map(Mapping::toString).toList()));
    if (!skipped.isEmpty()) {
      out.append("; left alone, not one token on both sides: ");
      out.append(String.join(", ", skipped.stream().map(Skipped::toString).toList()));
    }
    if (startsWord == null) {
      out.append(
          "; the tokenizer's decoder is not byte-level, so every mapped token is taken as a whole word");
    }
    return out.toString();
  }
}
