package org.stepindex.query.history;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A brute-force scan of the {@code .bin}, written without the engine: the {@code .idx} and {@code
 * .bin} read by hand (header, sizes, pointers, little-endian uint16 or int32 tokens), each sequence
 * split at the special ids, each run decoded by DJL's Hugging Face tokenizer (not stepindex's
 * decoder) and cut into lower-cased words with a regular expression (runs of ASCII letters and
 * digits; {@link RealTextIndex}'s text has nothing else that joins words), and every answer found
 * by linear search.
 */
final class Scan {
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9]+");

  /** One word of a run: lower-cased, and its characters in the run's text. */
  record Word(String term, int start, int end) {}

  /** A run of ordinary tokens: where it starts in the sequence, its ids, its text and words. */
  record Run(int offset, int[] ids, String text, List<Word> words) {}

  /** A match: sequence, position (word or token offset) and the text around it. */
  record Hit(long sequence, int position, String text) {}

  final int batch;
  final List<int[]> sequences = new ArrayList<>();
  final List<List<Run>> runs = new ArrayList<>();
  final List<String> decoded = new ArrayList<>();
  private final HuggingFaceTokenizer djl;

  Scan(Path dataPrefix, Path tokenizer, int batch, int... specials) throws IOException {
    this.batch = batch;
    this.djl = HuggingFaceTokenizer.newInstance(tokenizer, Map.of("addSpecialTokens", "false"));
    ByteBuffer idx =
        ByteBuffer.wrap(Files.readAllBytes(Path.of(dataPrefix + ".idx")))
            .order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer bin =
        ByteBuffer.wrap(Files.readAllBytes(Path.of(dataPrefix + ".bin")))
            .order(ByteOrder.LITTLE_ENDIAN);
    int dtype = idx.get(17);
    int width = dtype == 8 ? 2 : 4;
    long n = idx.getLong(18);
    for (int s = 0; s < n; s++) {
      int size = idx.getInt(34 + 4 * s);
      long pointer = idx.getLong(34 + 4 * (int) n + 8 * s);
      int[] ids = new int[size];
      for (int t = 0; t < size; t++) {
        int at = (int) pointer + width * t;
        ids[t] = width == 2 ? Short.toUnsignedInt(bin.getShort(at)) : bin.getInt(at);
      }
      sequences.add(ids);
      decoded.add(decode(ids, 0, ids.length));
      List<Run> split = new ArrayList<>();
      int start = 0;
      for (int t = 0; t <= size; t++) {
        if (t == size || contains(specials, ids[t])) {
          if (t > start) {
            String text = decode(ids, start, t);
            List<Word> words = new ArrayList<>();
            Matcher m = WORD.matcher(text);
            while (m.find()) {
              words.add(new Word(m.group().toLowerCase(Locale.ROOT), m.start(), m.end()));
            }
            split.add(new Run(start, Arrays.copyOfRange(ids, start, t), text, words));
          }
          start = t + 1;
        }
      }
      runs.add(split);
    }
  }

  String decode(int[] ids, int from, int to) {
    return djl.decode(Arrays.stream(ids, from, to).asLongStream().toArray(), false);
  }

  /** The ids of {@code text} as Hugging Face encodes it. */
  int[] encode(String text) {
    return Arrays.stream(djl.encode(text, false, false).getIds())
        .mapToInt(id -> (int) id)
        .toArray();
  }

  long end(long step) {
    return Math.min(step * batch, sequences.size());
  }

  /**
   * Every start of a word phrase (overlapping ones too) in sequences [from, to), with {@code k}
   * words each side.
   */
  List<Hit> phrase(String[] phrase, long from, long to, int k) {
    List<Hit> hits = new ArrayList<>();
    for (long s = from; s < to; s++) {
      int base = 0;
      for (Run run : runs.get((int) s)) {
        List<Word> w = run.words();
        for (int i = 0; i + phrase.length <= w.size(); i++) {
          boolean all = true;
          for (int j = 0; j < phrase.length && all; j++) {
            all = w.get(i + j).term().equals(phrase[j]);
          }
          if (all) {
            hits.add(new Hit(s, base + i, context(run, i, i + phrase.length - 1, k)));
          }
        }
        base += w.size();
      }
    }
    return hits;
  }

  /** "+a +b" for two words: in sequences holding both, every position of either, in order. */
  List<Hit> both(String a, String b, long from, long to, int k) {
    List<Hit> hits = new ArrayList<>();
    for (long s = from; s < to; s++) {
      List<Hit> ha = phrase(new String[] {a}, s, s + 1, k);
      List<Hit> hb = phrase(new String[] {b}, s, s + 1, k);
      if (!ha.isEmpty() && !hb.isEmpty()) {
        List<Hit> all = new ArrayList<>(ha);
        all.addAll(hb);
        all.sort((x, y) -> Integer.compare(x.position(), y.position()));
        hits.addAll(all);
      }
    }
    return hits;
  }

  /**
   * Every start of a token n-gram inside a run, as a token offset in the sequence, {@code k} tokens
   * each side.
   */
  List<Hit> ngram(int[] gram, long from, long to, int k) {
    List<Hit> hits = new ArrayList<>();
    for (long s = from; s < to; s++) {
      for (Run run : runs.get((int) s)) {
        int[] ids = run.ids();
        for (int i = 0; i + gram.length <= ids.length; i++) {
          if (Arrays.equals(ids, i, i + gram.length, gram, 0, gram.length)) {
            int lo = Math.max(0, i - k);
            int hi = Math.min(ids.length, i + gram.length + k);
            hits.add(new Hit(s, run.offset() + i, decode(ids, lo, hi)));
          }
        }
      }
    }
    return hits;
  }

  /** Every start where any of an entity's names (word lists) matches, once per start. */
  List<Hit> entity(List<String[]> names, long from, long to, int k) {
    List<Hit> hits = new ArrayList<>();
    for (long s = from; s < to; s++) {
      int base = 0;
      for (Run run : runs.get((int) s)) {
        List<Word> w = run.words();
        for (int i = 0; i < w.size(); i++) {
          for (String[] name : names) {
            boolean all = i + name.length <= w.size();
            for (int j = 0; j < name.length && all; j++) {
              all = w.get(i + j).term().equals(name[j]);
            }
            if (all) {
              hits.add(new Hit(s, base + i, context(run, i, i, k)));
              break;
            }
          }
        }
        base += w.size();
      }
    }
    return hits;
  }

  /** The text of words {@code [first - k, last + k]} of a run, clipped to the run. */
  private static String context(Run run, int first, int last, int k) {
    int lo = Math.max(0, first - k);
    int hi = Math.min(run.words().size() - 1, last + k);
    return run.text().substring(run.words().get(lo).start(), run.words().get(hi).end());
  }

  /** Occurrences per sequence of {@code hits}, for sequences [0, n). */
  static long[] perSequence(List<Hit> hits, int n) {
    long[] occurrences = new long[n];
    for (Hit hit : hits) {
      occurrences[(int) hit.sequence()]++;
    }
    return occurrences;
  }

  /**
   * Occurrences per sequence of both of two hit lists, counted only where both occur (as cooccur
   * counts).
   */
  static long[] bothPerSequence(List<Hit> a, List<Hit> b, int n) {
    long[] pa = perSequence(a, n);
    long[] pb = perSequence(b, n);
    long[] both = new long[n];
    for (int s = 0; s < n; s++) {
      both[s] = pa[s] > 0 && pb[s] > 0 ? pa[s] + pb[s] : 0;
    }
    return both;
  }

  /** Every token that followed {@code gram} inside a run, in sequences [0, end), with its count. */
  TreeMap<Integer, Long> next(int[] gram, long end) {
    TreeMap<Integer, Long> counts = new TreeMap<>();
    for (long s = 0; s < end; s++) {
      int[] all = sequences.get((int) s);
      for (Run run : runs.get((int) s)) {
        int[] ids = run.ids();
        for (int i = 0; i + gram.length <= ids.length; i++) {
          if (Arrays.equals(ids, i, i + gram.length, gram, 0, gram.length)) {
            int after = run.offset() + i + gram.length;
            if (after < all.length) {
              counts.merge(all[after], 1L, Long::sum);
            }
          }
        }
      }
    }
    return counts;
  }

  private static boolean contains(int[] values, int value) {
    for (int v : values) {
      if (v == value) {
        return true;
      }
    }
    return false;
  }
}
