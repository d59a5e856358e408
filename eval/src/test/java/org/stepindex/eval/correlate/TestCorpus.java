package org.stepindex.eval.correlate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.stepindex.indexer.data.MegatronWriter;
import org.stepindex.indexer.data.TokenDType;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;
import org.stepindex.indexer.views.PythiaNumbers;

/**
 * A small real corpus for the correlate tests: a byte-level BPE tokenizer.json in which every word
 * below is one token (with a leading space), a Megatron .bin/.idx of sequences of such tokens, and
 * a real index over it. Each sequence's words are kept as generated, so counts can be checked by
 * scanning them, without the tokenizer's decoder or Lucene.
 */
final class TestCorpus {
  static final int BATCH = 4;
  static final int LENGTH = 24;
  static final int STEPS = 32;

  /** Shard boundaries every 8 steps: 13 and 21 cut shards, 8 and 32 do not. */
  static final String SCHEDULE = "every:8";

  private static final List<String> FILLER =
      List.of("the", "of", "plus", "is", "and", "was", "in", "city", "born");
  private static final List<List<String>> PHRASES =
      List.of(
          List.of("barack", "obama"),
          List.of("abbey", "road"),
          List.of("honolulu"),
          List.of("hawaii"),
          List.of("beatles"),
          List.of("france"),
          List.of("paris"),
          List.of("london"));

  final Path tokenizer;
  final Path data;
  final Path index;

  /** The words of each sequence, in training order. */
  final List<String[]> sequences = new ArrayList<>();

  TestCorpus(Path dir) throws Exception {
    Files.createDirectories(dir);
    List<String> vocabulary = new ArrayList<>(FILLER);
    IntStream.rangeClosed(0, 15).forEach(n -> vocabulary.add(Integer.toString(n)));
    PHRASES.forEach(vocabulary::addAll);
    tokenizer = dir.resolve("tokenizer.json");
    Map<String, Integer> ids = ByteLevelBpeWriter.write(tokenizer, vocabulary);

    Random random = new Random(42);
    data = dir.resolve("document");
    try (MegatronWriter writer = MegatronWriter.create(data, TokenDType.UINT16)) {
      for (int s = 0; s < BATCH * STEPS; s++) {
        List<String> words = new ArrayList<>();
        while (words.size() < LENGTH) {
          double r = random.nextDouble();
          if (r < 0.12) {
            words.addAll(PHRASES.get(random.nextInt(PHRASES.size())));
          } else if (r < 0.45) {
            words.add(number(random));
          } else {
            words.add(FILLER.get(random.nextInt(FILLER.size())));
          }
        }
        String[] sequence = words.subList(0, LENGTH).toArray(String[]::new);
        sequences.add(sequence);
        int[] tokens = Arrays.stream(sequence).mapToInt(w -> ids.get(" " + w)).toArray();
        writer.addSequence(tokens, 0, tokens.length);
      }
    }
    index = dir.resolve("index");
    IndexBuilder.build(
        new BuildOptions(
            data,
            tokenizer,
            index,
            new StepLayout(BATCH, LENGTH),
            List.of("text", "tokens", "pythia-numbers"),
            SCHEDULE,
            0,
            -1,
            1),
        new BuildProgress());
  }

  /** Skewed: 3 is common, 7 rarer, 12 rare, the rest in between. */
  private static String number(Random random) {
    double r = random.nextDouble();
    if (r < 0.25) {
      return "3";
    }
    if (r < 0.35) {
      return "7";
    }
    if (r < 0.37) {
      return "12";
    }
    return Integer.toString(random.nextInt(16));
  }

  /** The sequences seen by checkpoint {@code step}. */
  List<String[]> seenBy(long step) {
    return sequences.subList(0, (int) Math.min(sequences.size(), step * BATCH));
  }

  /** {sequences, occurrences} of the word in the sequences seen by {@code step}. */
  long[] word(String word, long step) {
    long seqs = 0;
    long occ = 0;
    for (String[] s : seenBy(step)) {
      long n = Arrays.stream(s).filter(word::equals).count();
      seqs += n > 0 ? 1 : 0;
      occ += n;
    }
    return new long[] {seqs, occ};
  }

  /**
   * {sequences, occurrences} of the number as the Pythia paper counts it, over the decoded text of
   * each sequence.
   */
  long[] pythiaNumber(String number, long step) {
    long seqs = 0;
    long occ = 0;
    for (String[] s : seenBy(step)) {
      long n =
          PythiaNumbers.terms(" " + String.join(" ", s)).stream().filter(number::equals).count();
      seqs += n > 0 ? 1 : 0;
      occ += n;
    }
    return new long[] {seqs, occ};
  }

  /**
   * Sequences seen by {@code step} that contain one of {@code a} and one of {@code b} (phrases, any
   * case).
   */
  long cooccur(List<String> a, List<String> b, long step) {
    return seenBy(step).stream().filter(s -> containsAny(s, a) && containsAny(s, b)).count();
  }

  private static boolean containsAny(String[] words, List<String> phrases) {
    for (String phrase : phrases) {
      String[] p = phrase.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
      for (int i = 0; i + p.length <= words.length; i++) {
        if (Arrays.equals(words, i, i + p.length, p, 0, p.length)) {
          return true;
        }
      }
    }
    return false;
  }
}
