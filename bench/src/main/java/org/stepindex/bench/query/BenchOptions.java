package org.stepindex.bench.query;

import java.nio.file.Path;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.layout.CheckpointSchedule;

/**
 * What {@link Benchmark} runs.
 *
 * @param corpus the synthetic corpus to build and query
 * @param queries timed calls per operation and method, at most (each also stops at its time budget)
 * @param seconds time budget per operation for stepindex and naive Lucene (the scan gets twice as
 *     much, and at least {@value Benchmark#MIN_SCAN_SAMPLES} calls)
 * @param workDir where corpus and indexes go, kept afterwards; {@code null} for a temporary
 *     directory, deleted
 * @param threads threads for building the indexes
 * @param allViews whether to also build an index of all views, to report its size and build rate
 * @param shardSchedule where the step index's shards end ({@code pythia}, {@code every:N} or a step
 *     list); the "@ checkpoint" operations ask at these steps
 * @param text real text to measure on, packed to {@code corpus}'s sequences and layout; null for
 *     the synthetic corpus
 */
public record BenchOptions(
    SynthOptions corpus,
    int queries,
    double seconds,
    Path workDir,
    int threads,
    boolean allViews,
    String shardSchedule,
    RealText text) {

  /** The synthetic corpus. */
  public BenchOptions(
      SynthOptions corpus,
      int queries,
      double seconds,
      Path workDir,
      int threads,
      boolean allViews,
      String shardSchedule) {
    this(corpus, queries, seconds, workDir, threads, allViews, shardSchedule, null);
  }

  /** The default corpus: 65,536 sequences of 257 tokens, 64 per step: 1,024 steps, 16.8M tokens. */
  public static final SynthOptions DEFAULT_CORPUS = new SynthOptions(65_536, 257, 64, 42);

  public BenchOptions {
    if (queries < 1) {
      throw new StepIndexException("--queries must be at least 1, got " + queries);
    }
    if (!(seconds > 0)) {
      throw new StepIndexException("--seconds must be positive, got " + seconds);
    }
    CheckpointSchedule.parse(shardSchedule); // a bad spec fails before any work
    if (threads < 1) {
      throw new StepIndexException("--threads must be at least 1, got " + threads);
    }
    if (text != null && text.dataset() != null) {
      throw new StepIndexException(
          "bench takes --data with --scale; without it, give --text FILES, which it encodes"
              + " into --sequences sequences");
    }
  }
}
