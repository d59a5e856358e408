package org.stepindex.eval.memorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.data.MegatronWriter;
import org.stepindex.indexer.data.TokenDType;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.query.FrequencyIndex;

/**
 * {@link SequenceExposures} against a brute-force scan of the sequences as this test wrote them: a
 * corpus where some sequences repeat earlier ones whole and others repeat only a continuation, with
 * document ends in some windows; every tested sequence's four counts, for checkpoints inside shards
 * and on their edges.
 */
class SequenceExposuresTest {
  private static final int BATCH = 4;
  private static final int LENGTH = 70;
  private static final int STEPS = 20;

  @TempDir Path tmp;

  @Test
  void countsAsABruteForceScanDoes() throws Exception {
    List<String> words =
        List.of("alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta", "iota", "kappa");
    Map<String, Integer> vocab = ByteLevelBpeWriter.write(tmp.resolve("tokenizer.json"), words);
    int[] ids = words.stream().mapToInt(w -> vocab.get(" " + w)).toArray();
    int eot = vocab.get(ByteLevelBpeWriter.END_OF_TEXT);
    Random random = new Random(5);
    List<int[]> sequences = new ArrayList<>();
    for (int s = 0; s < BATCH * STEPS; s++) {
      int[] seq = new int[LENGTH];
      double r = random.nextDouble();
      if (s > 8 && r < 0.25) {
        seq = sequences.get(random.nextInt(s)).clone(); // a duplicate: the whole window recurs
      } else {
        for (int i = 0; i < LENGTH; i++) {
          seq[i] = random.nextDouble() < 0.01 ? eot : ids[random.nextInt(ids.length)];
        }
        if (s > 8 && r < 0.4) {
          int[] donor = sequences.get(random.nextInt(s)); // only the continuation recurs
          System.arraycopy(donor, 32, seq, 32, 32);
        }
      }
      sequences.add(seq);
    }
    Path data = tmp.resolve("document");
    Path index =
        index(
            sequences,
            data,
            tmp.resolve("tokenizer.json"),
            new StepLayout(BATCH, LENGTH),
            "every:6");

    int repeated = 0;
    int undefined = 0;
    try (FrequencyIndex fi = FrequencyIndex.open(index);
        HfTokenizer tokenizer = HfTokenizer.load(tmp.resolve("tokenizer.json"))) {
      SequenceExposures exposures = new SequenceExposures(fi, tokenizer);
      for (long checkpoint : new long[] {6, 13, 20}) {
        for (int s = 0; s < BATCH * checkpoint; s++) {
          int[] window = Arrays.copyOf(sequences.get(s), 64);
          long trained = s / BATCH;
          SequenceExposures.Counts counts = exposures.count(window, 32, trained, checkpoint);
          if (Arrays.stream(window).anyMatch(t -> t == eot)) {
            assertNull(counts.fullAtTrain(), "a window with a document end has no count");
            undefined++;
            continue;
          }
          int[] tail = Arrays.copyOfRange(window, 32, 64);
          String where = "sequence " + s + " checkpoint " + checkpoint;
          assertEquals(
              bruteForce(sequences, tail, trained + 1), counts.continuationAtTrain(), where);
          assertEquals(bruteForce(sequences, window, trained + 1), counts.fullAtTrain(), where);
          assertEquals(
              bruteForce(sequences, tail, checkpoint), counts.continuationAtCheckpoint(), where);
          assertEquals(bruteForce(sequences, window, checkpoint), counts.fullAtCheckpoint(), where);
          assertTrue(counts.fullAtTrain() >= 1, "a sequence's window counts itself: " + where);
          repeated += counts.fullAtCheckpoint() > 1 ? 1 : 0;
        }
      }
    }
    assertTrue(repeated > 10 && undefined > 5, repeated + " repeated, " + undefined + " undefined");
  }

  /**
   * Writes {@code sequences} as the dataset {@code data} and indexes them (text, tokens) beside it.
   */
  static Path index(
      List<int[]> sequences, Path data, Path tokenizer, StepLayout layout, String shards)
      throws java.io.IOException {
    try (MegatronWriter writer = MegatronWriter.create(data, TokenDType.UINT16)) {
      for (int[] seq : sequences) {
        writer.addSequence(seq, 0, seq.length);
      }
    }
    Path index = data.resolveSibling("index");
    IndexBuilder.build(
        new BuildOptions(
            data, tokenizer, index, layout, List.of("text", "tokens"), shards, 0, -1, 1),
        new BuildProgress());
    return index;
  }

  /**
   * Occurrences of {@code gram} as a run of consecutive tokens in the sequences of steps {@code [0,
   * step)}.
   */
  static long bruteForce(List<int[]> sequences, int[] gram, long step) {
    long n = 0;
    for (int s = 0; s < Math.min(sequences.size(), step * BATCH); s++) {
      int[] seq = sequences.get(s);
      for (int i = 0; i + gram.length <= seq.length; i++) {
        if (Arrays.equals(seq, i, i + gram.length, gram, 0, gram.length)) {
          n++;
        }
      }
    }
    return n;
  }
}
