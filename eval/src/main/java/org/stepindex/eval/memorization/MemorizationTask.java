package org.stepindex.eval.memorization;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.stepindex.eval.tasks.Checkpoint;
import org.stepindex.eval.tasks.IdsGenerator;
import org.stepindex.eval.tasks.ModelTask;
import org.stepindex.indexer.base.Csv;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.TokensView;
import org.stepindex.query.FrequencyIndex;

/**
 * (k, ℓ) = (32, 32) extractability of the training sequences of steps {@code [fromStep, toStep)},
 * as the Pythia memorization study computes it (EleutherAI/pythia's memorization evaluation
 * scripts): the first 32 tokens of a sequence are the prompt, 32 tokens are generated greedily with
 * end-of-text never chosen ({@code generate(..., max_length=64, min_length=64)}), and the score is
 * the fraction of the 32 positions at which the generated token equals the sequence's own token 32
 * + i ({@code (true_continuation == generations[:, 32:64]).float().mean()}); a sequence is
 * memorized iff its score is 1.
 *
 * <p>Writes one instance per sequence, a {@code slices.csv} side file with the memorized count of
 * each consecutive slice of {@code sliceSize} sequences, and a summary with the {@link PoissonFit}
 * of the full slices' counts (a trailing partial slice is listed but not fitted).
 */
public final class MemorizationTask implements ModelTask<IdsGenerator> {
  /** The task's name in output files. */
  public static final String NAME = "memorization";

  /** Prompt tokens, k. */
  public static final int PROMPT = 32;

  /** Generated and compared tokens, ℓ. */
  public static final int CONTINUATION = 32;

  /** The slice size of the Pythia paper's Poisson analysis. */
  public static final int DEFAULT_SLICE = 512;

  /** The suffix of the slices file, {@code memorization-step<N>.slices.csv}. */
  public static final String SLICES = "slices.csv";

  /**
   * The suffix of the exposure bins file (with an index), {@code
   * memorization-step<N>.exposure-bins.csv}.
   */
  public static final String EXPOSURE_BINS = "exposure-bins.csv";

  /**
   * Prompts handed to the generator at once (it batches them itself); progress is reported per
   * chunk.
   */
  private static final int CHUNK = 1024;

  private final Path data;
  private final StepLayout layout;
  private final long fromStep;
  private final long toStep;
  private final int sliceSize;
  private final long firstSeq;
  private final long sequences;

  /** The index of the data, to count each sequence's exposures from; null for none. */
  private final Path index;

  /** {@link #MemorizationTask(Path, StepLayout, long, long, int, Path)} without exposures. */
  public MemorizationTask(Path data, StepLayout layout, long fromStep, long toStep, int sliceSize) {
    this(data, layout, fromStep, toStep, sliceSize, null);
  }

  /**
   * Checks the range against the dataset.
   *
   * @param data the pre-tokenized training data ({@link MegatronDataset#open})
   * @param layout sequences per step and tokens per sequence; every sequence must hold {@code
   *     layout.seqLength()} tokens, at least 64
   * @param fromStep the first step, inclusive
   * @param toStep the last step, exclusive
   * @param sliceSize sequences per slice
   * @param index the index of {@code data} (with the {@code tokens} view) to count each sequence's
   *     exposures from ({@link SequenceExposures}: four phrase counts of 32 or 64 tokens a
   *     sequence), or null for none
   * @throws StepIndexException when the range is empty or beyond the data, or the sequences are too
   *     short
   */
  public MemorizationTask(
      Path data, StepLayout layout, long fromStep, long toStep, int sliceSize, Path index) {
    if (fromStep < 0 || toStep <= fromStep) {
      throw new StepIndexException(
          "--steps " + fromStep + ":" + toStep + " is empty; give A:B with 0 <= A < B");
    }
    if (sliceSize < 1) {
      throw new StepIndexException("slice size must be positive, not " + sliceSize);
    }
    if (layout.seqLength() < PROMPT + CONTINUATION) {
      throw new StepIndexException(
          "sequence length "
              + layout.seqLength()
              + " is shorter than the "
              + (PROMPT + CONTINUATION)
              + " tokens of a memorization test");
    }
    this.data = data;
    this.layout = layout;
    this.fromStep = fromStep;
    this.toStep = toStep;
    this.sliceSize = sliceSize;
    this.firstSeq = layout.firstSequence(fromStep);
    this.sequences = layout.firstSequence(toStep) - firstSeq;
    this.index = index;
    if (index != null) {
      try (FrequencyIndex fi = FrequencyIndex.open(index)) {
        fi.checkView(TokensView.NAME);
        if (!fi.manifest().layout().equals(layout)) {
          throw new StepIndexException(
              "the index at "
                  + index
                  + " counts steps of "
                  + fi.manifest().layout()
                  + ", not the memorization run's "
                  + layout
                  + "; give the index of this data and layout");
        }
      }
    }
    try (MegatronDataset ds = MegatronDataset.open(data)) {
      if (firstSeq + sequences > ds.sequenceCount()) {
        throw new StepIndexException(
            "steps "
                + fromStep
                + ":"
                + toStep
                + " need sequences up to "
                + (firstSeq + sequences)
                + " but "
                + data
                + " has "
                + ds.sequenceCount()
                + " (batch size "
                + layout.batchSize()
                + ")");
      }
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public long units() {
    return sequences;
  }

  /**
   * One tested sequence: a line of {@code memorization-step<N>.jsonl}.
   *
   * @param step the checkpoint's step
   * @param seq the sequence's index in data order
   * @param seqStep the training step that consumed it
   * @param score the fraction of the 32 continuation tokens reproduced
   * @param memorized whether all 32 were
   * @param exposures how often its continuation and its whole 64 tokens had occurred by the step it
   *     was trained at and by the checkpoint (with an index; left out without one)
   */
  public record Instance(
      String task,
      String model,
      Long step,
      long seq,
      long seqStep,
      double score,
      boolean memorized,
      @JsonInclude(JsonInclude.Include.NON_NULL) SequenceExposures.Counts exposures) {}

  /**
   * The summary file's content.
   *
   * @param fromStep the first step tested, inclusive
   * @param toStep the last step tested, exclusive
   * @param firstSeq the first sequence tested
   * @param n the sequences tested
   * @param memorized how many were memorized
   * @param memorizedFraction memorized / n
   * @param meanScore the mean score
   * @param sliceSize sequences per slice
   * @param slices the full slices, whose counts are fitted
   * @param poisson the fit of the full slices' memorized counts, null when there is no full slice
   */
  public record Summary(
      String task,
      String model,
      Long step,
      long fromStep,
      long toStep,
      long firstSeq,
      long n,
      int promptTokens,
      int continuationTokens,
      long memorized,
      double memorizedFraction,
      double meanScore,
      int sliceSize,
      int slices,
      PoissonFit poisson) {}

  /**
   * The fraction of positions at which {@code generated} equals {@code truth} (arrays of equal
   * length).
   */
  public static double score(int[] truth, int[] generated) {
    if (truth.length != generated.length || truth.length == 0) {
      throw new IllegalArgumentException(
          truth.length + " true tokens but " + generated.length + " generated");
    }
    int same = 0;
    for (int i = 0; i < truth.length; i++) {
      same += truth[i] == generated[i] ? 1 : 0;
    }
    return (double) same / truth.length;
  }

  @Override
  public Result evaluate(
      IdsGenerator model, Checkpoint checkpoint, InstanceSink out, LongConsumer done)
      throws IOException {
    int sliceCount = (int) ((sequences + sliceSize - 1) / sliceSize);
    int[] sliceMemorized = new int[sliceCount];
    double[] sliceScore = new double[sliceCount];
    long memorized = 0;
    double scoreSum = 0;
    int[] buffer = new int[layout.seqLength()];
    if (index != null && checkpoint.step() == null) {
      throw new StepIndexException(
          checkpoint.dir()
              + " is not named stepN, and its exposures are counted up to its"
              + " step; name the folder stepN or give --step N");
    }
    ExposureBins bins = new ExposureBins();
    try (MegatronDataset ds = MegatronDataset.open(data);
        FrequencyIndex fi = index == null ? null : FrequencyIndex.open(index);
        HfTokenizer tokenizer =
            fi == null ? null : HfTokenizer.load(Path.of(fi.manifest().tokenizer().path()))) {
      SequenceExposures exposures = fi == null ? null : new SequenceExposures(fi, tokenizer);
      int[][] windows = new int[CHUNK][];
      for (long from = 0; from < sequences; from += CHUNK) {
        int size = (int) Math.min(CHUNK, sequences - from);
        List<int[]> prompts = new ArrayList<>(size);
        int[][] truths = new int[size][];
        for (int i = 0; i < size; i++) {
          long seq = firstSeq + from + i;
          int length = ds.size(seq);
          if (length != layout.seqLength()) {
            throw new StepIndexException(
                "sequence "
                    + seq
                    + " of "
                    + data
                    + " has "
                    + length
                    + " tokens, not the layout's "
                    + layout.seqLength()
                    + "; pass --seq-length "
                    + length
                    + " if that is right");
          }
          ds.read(seq, buffer);
          prompts.add(Arrays.copyOf(buffer, PROMPT));
          truths[i] = Arrays.copyOfRange(buffer, PROMPT, PROMPT + CONTINUATION);
          windows[i] = Arrays.copyOf(buffer, PROMPT + CONTINUATION);
        }
        List<int[]> generated = model.greedy(prompts, CONTINUATION);
        if (generated == null || generated.size() != size) {
          throw new IllegalStateException(
              "generator broke its contract: "
                  + size
                  + " prompts, "
                  + (generated == null ? "null" : generated.size() + " continuations"));
        }
        for (int i = 0; i < size; i++) {
          long offset = from + i;
          long seq = firstSeq + offset;
          double score = score(truths[i], generated.get(i));
          boolean hit = score == 1.0;
          SequenceExposures.Counts counts =
              exposures == null
                  ? null
                  : exposures.count(
                      windows[i], CONTINUATION, layout.stepOf(seq), checkpoint.step());
          if (counts != null) {
            bins.add(counts, hit);
          }
          out.write(
              new Instance(
                  NAME,
                  checkpoint.model(),
                  checkpoint.step(),
                  seq,
                  layout.stepOf(seq),
                  score,
                  hit,
                  counts));
          int slice = (int) (offset / sliceSize);
          sliceMemorized[slice] += hit ? 1 : 0;
          sliceScore[slice] += score;
          memorized += hit ? 1 : 0;
          scoreSum += score;
        }
        done.accept(from + size);
      }
    }
    int fullSlices = (int) (sequences / sliceSize);
    PoissonFit fit =
        fullSlices == 0 ? null : PoissonFit.fit(Arrays.copyOf(sliceMemorized, fullSlices));
    Summary summary =
        new Summary(
            NAME,
            checkpoint.model(),
            checkpoint.step(),
            fromStep,
            toStep,
            firstSeq,
            sequences,
            PROMPT,
            CONTINUATION,
            memorized,
            (double) memorized / sequences,
            scoreSum / sequences,
            sliceSize,
            fullSlices,
            fit);
    return new Result(
        summary,
        index == null
            ? Map.of(SLICES, slices(sliceMemorized, sliceScore).toCsv())
            : Map.of(
                SLICES,
                slices(sliceMemorized, sliceScore).toCsv(),
                ExposureBins.FILE,
                bins.table().toCsv()));
  }

  /** The slices table: {@code slice, first_seq, first_step, sequences, memorized, mean_score}. */
  private Csv.Table slices(int[] memorized, double[] scores) {
    List<List<String>> rows = new ArrayList<>();
    for (int s = 0; s < memorized.length; s++) {
      long first = firstSeq + (long) s * sliceSize;
      long size = Math.min(sliceSize, firstSeq + sequences - first);
      rows.add(
          List.of(
              Integer.toString(s),
              Long.toString(first),
              Long.toString(layout.stepOf(first)),
              Long.toString(size),
              Integer.toString(memorized[s]),
              Csv.number(scores[s] / size)));
    }
    return new Csv.Table(
        List.of("slice", "first_seq", "first_step", "sequences", "memorized", "mean_score"), rows);
  }
}
