package org.stepindex.query;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stepindex.indexer.data.MegatronDataset;

/**
 * An independent count of the same things the index counts: every sequence is read, split at the
 * special ids by hand, decoded with DJL's Hugging Face tokenizer (not stepindex's fast decoder),
 * cut into lower-cased words with a regular expression (not Lucene), and scanned linearly. Good for
 * ASCII test corpora whose words are letters and digits.
 */
final class BruteForce {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  /** Per sequence, per run between specials: the ids and the words. */
  private final List<List<int[]>> runIds = new ArrayList<>();

  private final List<List<String[]>> runWords = new ArrayList<>();

  BruteForce(Path data, Path tokenizer, int... specialIds) throws IOException {
    try (MegatronDataset dataset = MegatronDataset.open(data);
        HuggingFaceTokenizer djl =
            HuggingFaceTokenizer.newInstance(tokenizer, Map.of("addSpecialTokens", "false"))) {
      for (long s = 0; s < dataset.sequenceCount(); s++) {
        int[] ids = new int[dataset.size(s)];
        dataset.read(s, ids);
        List<int[]> idRuns = new ArrayList<>();
        List<String[]> wordRuns = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= ids.length; i++) {
          if (i == ids.length || contains(specialIds, ids[i])) {
            if (i > start) {
              int[] run = Arrays.copyOfRange(ids, start, i);
              idRuns.add(run);
              wordRuns.add(words(djl.decode(Arrays.stream(run).asLongStream().toArray(), false)));
            }
            start = i + 1;
          }
        }
        runIds.add(idRuns);
        runWords.add(wordRuns);
      }
    }
  }

  int sequences() {
    return runIds.size();
  }

  /**
   * {sequences, occurrences} of a word phrase (overlapping matches count) in sequences [from, to).
   */
  long[] phrase(String[] phrase, long from, long to) {
    long seqs = 0;
    long occ = 0;
    for (long s = from; s < Math.min(to, runWords.size()); s++) {
      long n = phraseIn(s, phrase);
      if (n > 0) {
        seqs++;
        occ += n;
      }
    }
    return new long[] {seqs, occ};
  }

  long phraseIn(long s, String[] phrase) {
    long n = 0;
    for (String[] words : runWords.get((int) s)) {
      for (int i = 0; i + phrase.length <= words.length; i++) {
        int k = 0;
        while (k < phrase.length && words[i + k].equals(phrase[k])) {
          k++;
        }
        if (k == phrase.length) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * An entity's occurrences in sequence {@code s}: the start positions, within each run, where any
   * of its names (each a word sequence) matches, each start counted once however many names match
   * there.
   */
  long entityIn(long s, List<String[]> names) {
    long n = 0;
    for (String[] words : runWords.get((int) s)) {
      for (int i = 0; i < words.length; i++) {
        for (String[] name : names) {
          if (startsWith(words, i, name)) {
            n++;
            break;
          }
        }
      }
    }
    return n;
  }

  /** {sequences, occurrences} of an entity ({@link #entityIn}) in sequences [from, to). */
  long[] entity(List<String[]> names, long from, long to) {
    long seqs = 0;
    long occ = 0;
    for (long s = from; s < Math.min(to, runWords.size()); s++) {
      long n = entityIn(s, names);
      if (n > 0) {
        seqs++;
        occ += n;
      }
    }
    return new long[] {seqs, occ};
  }

  /**
   * {sequences, occurrences} of two entities in the same sequence; occurrences of either in those.
   */
  long[] entityPair(List<String[]> a, List<String[]> b, long from, long to) {
    long seqs = 0;
    long occ = 0;
    for (long s = from; s < Math.min(to, runWords.size()); s++) {
      long na = entityIn(s, a);
      long nb = entityIn(s, b);
      if (na > 0 && nb > 0) {
        seqs++;
        occ += na + nb;
      }
    }
    return new long[] {seqs, occ};
  }

  private static boolean startsWith(String[] words, int at, String[] name) {
    if (at + name.length > words.length) {
      return false;
    }
    for (int k = 0; k < name.length; k++) {
      if (!words[at + k].equals(name[k])) {
        return false;
      }
    }
    return true;
  }

  /** {sequences, occurrences} of a token n-gram (overlapping) in sequences [from, to). */
  long[] ngram(int[] gram, long from, long to) {
    long seqs = 0;
    long occ = 0;
    for (long s = from; s < Math.min(to, runIds.size()); s++) {
      long n = 0;
      for (int[] ids : runIds.get((int) s)) {
        for (int i = 0; i + gram.length <= ids.length; i++) {
          int k = 0;
          while (k < gram.length && ids[i + k] == gram[k]) {
            k++;
          }
          if (k == gram.length) {
            n++;
          }
        }
      }
      if (n > 0) {
        seqs++;
        occ += n;
      }
    }
    return new long[] {seqs, occ};
  }

  /**
   * {sequences, occurrences} of "+a +b" for two single words: both present; occurrences of either.
   */
  long[] both(String a, String b, long from, long to) {
    long seqs = 0;
    long occ = 0;
    for (long s = from; s < Math.min(to, runWords.size()); s++) {
      long na = phraseIn(s, new String[] {a});
      long nb = phraseIn(s, new String[] {b});
      if (na > 0 && nb > 0) {
        seqs++;
        occ += na + nb;
      }
    }
    return new long[] {seqs, occ};
  }

  /**
   * Sequences in [from, to) where word a and word b occur with at most k words between them (either
   * order).
   */
  long near(String a, String b, int k, long from, long to) {
    long seqs = 0;
    for (long s = from; s < Math.min(to, runWords.size()); s++) {
      boolean found = false;
      for (String[] words : runWords.get((int) s)) {
        for (int i = 0; i < words.length && !found; i++) {
          if (!words[i].equals(a)) {
            continue;
          }
          for (int j = Math.max(0, i - k - 1);
              j <= Math.min(words.length - 1, i + k + 1) && !found;
              j++) {
            found = j != i && words[j].equals(b);
          }
        }
      }
      if (found) {
        seqs++;
      }
    }
    return seqs;
  }

  private static String[] words(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      words.add(m.group().toLowerCase(Locale.ROOT));
    }
    return words.toArray(String[]::new);
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
