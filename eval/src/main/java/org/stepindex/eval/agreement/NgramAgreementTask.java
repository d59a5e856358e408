package org.stepindex.eval.agreement;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import org.stepindex.eval.tasks.Checkpoint;
import org.stepindex.eval.tasks.ModelTask;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.history.History;

/**
 * {@code eval --task ngram-agreement}: each checkpoint {@code stepS} against the data it had seen,
 * on token contexts given in a file or drawn from the sequences of steps {@code [0, S)}: one
 * instance a context (every order's comparison) and a summary of each order's means ({@link
 * NgramAgreement}).
 *
 * <p>Cost per checkpoint: one forward pass a context, and the data's side, whose cost is that of
 * {@code next} for each order's conditioning tokens (one read of each sequence that holds them:
 * linear in how often they were seen) plus, once a step, one count per id of the vocabulary for
 * order 1.
 */
public final class NgramAgreementTask implements ModelTask<NextTokenModel> {
  /** The task's name in output files. */
  public static final String NAME = "ngram-agreement";

  private final Path index;

  /** The contexts of the file, read once; null when they are drawn per checkpoint. */
  private final List<int[]> fileContexts;

  private final int sample;

  /** The data's distributions counted so far, shared by the checkpoints (and runs) of this task. */
  private final Map<String, DataDistribution> counted = new ConcurrentHashMap<>();

  private final long seed;

  /**
   * A run over the contexts of {@code contextsFile}, or, when it is null, {@code sample} contexts
   * drawn with {@code seed} from the data each checkpoint had seen.
   *
   * @param index the index of the training data (with the {@code tokens} view)
   * @param contextsFile one context a line (ids or text), or null to draw them
   * @param sample contexts drawn per checkpoint when no file is given
   * @param seed the seed of the draw
   * @throws StepIndexException (one line) when neither or both of a file and a sample are given, or
   *     the index lacks the {@code tokens} view
   */
  public NgramAgreementTask(Path index, Path contextsFile, int sample, long seed) {
    if ((contextsFile == null) == (sample <= 0)) {
      throw new StepIndexException(
          "ngram-agreement needs --contexts FILE or --sample N (not both)");
    }
    try (FrequencyIndex fi = FrequencyIndex.open(index);
        History history = new History(fi, null, null)) {
      fi.checkView("tokens");
      this.fileContexts =
          contextsFile == null ? null : Contexts.read(contextsFile, history.tokenizer());
    }
    this.index = index;
    this.sample = sample;
    this.seed = seed;
  }

  /**
   * One context at one checkpoint: a line of {@code ngram-agreement-step<N>.jsonl}.
   *
   * @param context the context's token ids
   * @param orders the comparison at each order (1…4, inf; null where the context is too short for
   *     the order)
   */
  public record Instance(
      String task, String model, Long step, int index, int[] context, List<Agreement> orders) {}

  /**
   * The summary of a checkpoint.
   *
   * @param contexts contexts compared
   * @param orders each order's means over the contexts the data had followed at that order
   */
  public record Summary(
      String task, String model, Long step, int contexts, List<NgramAgreement.Summary> orders) {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public long units() {
    return fileContexts == null ? sample : fileContexts.size();
  }

  @Override
  public Result evaluate(
      NextTokenModel model, Checkpoint checkpoint, InstanceSink out, LongConsumer done)
      throws IOException {
    Long step = checkpoint.step();
    if (step == null) {
      throw new StepIndexException(
          checkpoint.dir()
              + " is not named stepN, and ngram-agreement compares it with the"
              + " data seen by its step; name the folder stepN or give --step N");
    }
    try (FrequencyIndex fi = FrequencyIndex.open(index);
        History history = new History(fi, null, null)) {
      fi.checkSteps(0, step);
      List<int[]> contexts =
          fileContexts != null ? fileContexts : Contexts.sample(history, step, sample, seed);
      List<NgramAgreement.ContextResult> results =
          NgramAgreement.compare(
              model, new DataNgrams(history, counted), contexts, step, c -> done.accept(c + 1));
      for (NgramAgreement.ContextResult r : results) {
        out.write(
            new Instance(
                NAME, checkpoint.model(), step, r.context(), r.ids(), new ArrayList<>(r.orders())));
      }
      return new Result(
          new Summary(
              NAME, checkpoint.model(), step, contexts.size(), NgramAgreement.summarize(results)),
          Map.of());
    }
  }
}
