package org.stepindex.indexer.views;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random segment texts full of the cases the views must get right: upper case, stop words and
 * inflections (which a stemming or stop-word analyzer would change), numbers with leading zeros,
 * punctuation around words, and forms that are not numbers under the Pythia rule ({@code 3.5},
 * {@code 12-7}, {@code x12}, Arabic-Indic digits). Words are separated by white space and
 * punctuation only touches a word's edges, so that {@link BruteForce#words} segments them as UAX#29
 * does.
 */
final class RandomText {
  private static final String[] WORDS = {
    "the", "The", "THE", "and", "plus", "minus", "equals", "is", "a", "running", "runs", "ran",
    "alpha", "Beta", "gamma", "x12", "%"
  };
  private static final String[] NUMBERS = {
    "0", "7", "12", "007", "3", "42", "1000", "99", "10", "9"
  };
  private static final String[] NOT_NUMBERS = {"3.5", "1,000", "12-7", "\u0661\u0662"};
  private static final String[] BEFORE = {"", "", "", "", "(", "\"", "["};
  private static final String[] AFTER = {"", "", "", "", ",", ".", ")", ";", "!", "?", "),", ":"};
  private static final String[] SPACES = {" ", " ", " ", " ", " ", "  ", "\n", "\t"};

  /** The text of the special token (id 0) between segments. */
  static final String SPECIAL = "<|endoftext|>";

  private final Random random;

  RandomText(long seed) {
    random = new Random(seed);
  }

  /** A text of one to {@code maxWords} words. */
  String text(int maxWords) {
    int words = 1 + random.nextInt(maxWords);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        text.append(pick(SPACES));
      }
      int kind = random.nextInt(10);
      String word = kind < 5 ? pick(WORDS) : kind < 9 ? pick(NUMBERS) : pick(NOT_NUMBERS);
      text.append(pick(BEFORE)).append(word).append(pick(AFTER));
    }
    return text.toString();
  }

  /**
   * One to {@code maxLength} ids in {@code [1, 40)}; 0 is kept for the special token ({@link
   * #SPECIAL}) between segments.
   */
  int[] ids(int maxLength) {
    return random.ints(1 + random.nextInt(maxLength), 1, 40).toArray();
  }

  /** A sequence of one to {@code maxSegments} segments with independent random texts and ids. */
  SequenceContent sequence(int maxSegments) {
    int count = 1 + random.nextInt(maxSegments);
    List<SequenceContent.Segment> segments = new ArrayList<>();
    List<Integer> all = new ArrayList<>();
    StringBuilder whole = new StringBuilder();
    for (int s = 0; s < count; s++) {
      if (s > 0) {
        all.add(0);
        whole.append(SPECIAL);
      }
      SequenceContent.Segment segment = new SequenceContent.Segment(ids(20), text(25));
      for (int id : segment.ids()) {
        all.add(id);
      }
      segments.add(segment);
      whole.append(segment.text());
    }
    return new SequenceContent(
        all.stream().mapToInt(Integer::intValue).toArray(), whole.toString(), segments);
  }

  private String pick(String[] choices) {
    return choices[random.nextInt(choices.length)];
  }
}
