package org.stepindex.bench.query;

import java.nio.file.Path;
import java.util.List;
import org.stepindex.indexer.base.StepIndexException;

/**
 * What {@link ScaleBench} runs.
 *
 * @param baseTokens tokens of the smallest corpus (scale 1)
 * @param scales the multiples of {@code baseTokens} to build, ascending, e.g. {@code 1, 10, 100}
 * @param seqLength tokens per sequence
 * @param batchSize sequences per step
 * @param shardSchedule where shards end ({@code pythia}, {@code every:N} or a list)
 * @param samples cold queries timed per operation and size (each a different query, asked once)
 * @param qaPairs declared entity pairs whose 154-step timelines are counted in one pass
 * @param entities entities in the bench's entity file
 * @param threads build threads
 * @param workDir where each size's corpus and index go, kept; null for temporary directories, each
 *     deleted once its size is measured
 * @param seed corpus and workload seed
 * @param text real text to measure on instead of the synthetic corpus; null for the synthetic
 *     corpus
 * @param views the views of the first build, before entities and bigrams are added
 */
public record ScaleOptions(
    long baseTokens,
    int[] scales,
    int seqLength,
    int batchSize,
    String shardSchedule,
    int samples,
    int qaPairs,
    int entities,
    int threads,
    Path workDir,
    long seed,
    RealText text,
    List<String> views) {

  /** The synthetic corpus, with the {@code text} view built first. */
  public ScaleOptions(
      long baseTokens,
      int[] scales,
      int seqLength,
      int batchSize,
      String shardSchedule,
      int samples,
      int qaPairs,
      int entities,
      int threads,
      Path workDir,
      long seed) {
    this(
        baseTokens,
        scales,
        seqLength,
        batchSize,
        shardSchedule,
        samples,
        qaPairs,
        entities,
        threads,
        workDir,
        seed,
        null,
        List.of("text"));
  }

  /** The default base: 10M tokens. */
  public static final long DEFAULT_BASE_TOKENS = 10_000_000;

  public ScaleOptions {
    scales = scales.clone();
    views = List.copyOf(views);
    if (!views.contains("text") || views.contains("bigrams") || views.contains("entities")) {
      throw new StepIndexException(
          "bench --scale builds --views with text among them, then adds entities and"
              + " bigrams itself: give text,tokens,pythia-numbers or a part of it");
    }
    if (scales.length == 0) {
      throw new StepIndexException("--scale needs at least one multiple, e.g. 1,10,100");
    }
    for (int i = 0; i < scales.length; i++) {
      if (scales[i] < 1 || (i > 0 && scales[i] <= scales[i - 1])) {
        throw new StepIndexException("--scale must be ascending positive multiples, e.g. 1,10,100");
      }
    }
    if (baseTokens < (long) seqLength * batchSize) {
      throw new StepIndexException(
          "--base-tokens "
              + baseTokens
              + " is less than one step ("
              + (long) seqLength * batchSize
              + " tokens)");
    }
    if (samples < 1 || qaPairs < 1 || entities < 100 || threads < 1) {
      throw new StepIndexException(
          "bench needs --samples >= 1, --qa-pairs >= 1, --entities >= 100, --threads >= 1");
    }
  }

  /** Sequences of the corpus at {@code scale}. */
  public long sequences(int scale) {
    return Math.max(1, baseTokens * scale / seqLength);
  }
}
