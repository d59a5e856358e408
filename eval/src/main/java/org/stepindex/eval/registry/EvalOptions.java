package org.stepindex.eval.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The values of {@code stepindex eval}'s options as given (null where not given); each task reads
 * and checks those it takes ({@link TaskDefinition#prepare}) and ignores the others.
 *
 * @param data {@code --data}: the task's input files
 * @param template {@code --template}
 * @param shots {@code --shots}: shot counts, {@code K,K}
 * @param seed {@code --seed}: draw shots with this seed instead of the study's
 * @param maxNewTokens {@code --max-new-tokens}
 * @param ops {@code --ops}: arithmetic operations
 * @param x1 {@code --x1}: the first operand's range
 * @param x2 {@code --x2}: the second operand's range
 * @param biasTypes {@code --bias-type}: the CrowS-Pairs bias types kept, empty for all
 * @param steps {@code --steps A:B} read as {@code [A, B)} when asked for, as the command reads it
 *     (its errors too)
 * @param trainBatchSize {@code --train-batch-size}: sequences per training step
 * @param seqLength {@code --seq-length}: tokens per training sequence
 * @param shotsFile {@code --shots-file}: where TriviaQA's shots come from
 * @param limit {@code --limit}: only this many questions, 0 for all
 * @param batchSize {@code --batch-size}: prompts or sequences given to the model at once
 * @param index {@code --index}: the index of the training data (ngram-agreement; memorization's
 *     exposures)
 * @param contexts {@code --contexts}: ngram-agreement's contexts file
 * @param sample {@code --sample}: contexts ngram-agreement draws per checkpoint instead
 */
public record EvalOptions(
    List<Path> data,
    String template,
    String shots,
    Long seed,
    int maxNewTokens,
    String ops,
    String x1,
    String x2,
    List<String> biasTypes,
    Supplier<long[]> steps,
    int trainBatchSize,
    int seqLength,
    Path shotsFile,
    int limit,
    int batchSize,
    Path index,
    Path contexts,
    Integer sample) {

  /**
   * The {@code --data} paths a task needs.
   *
   * @param task the task's name
   * @param what what the paths are, for the error
   * @throws StepIndexException when none is given
   */
  public List<Path> needData(String task, String what) {
    if (data == null || data.isEmpty()) {
      throw new StepIndexException("--task " + task + " needs --data (" + what + ")");
    }
    return data;
  }

  /**
   * The one {@code --data} path a task needs.
   *
   * @param task the task's name
   * @param what what the path is, for the error
   * @throws StepIndexException when none or several are given
   */
  public Path oneData(String task, String what) {
    List<Path> paths = needData(task, what);
    if (paths.size() != 1) {
      throw new StepIndexException(
          "--task " + task + " takes one --data path (" + what + "), not " + paths.size());
    }
    return paths.getFirst();
  }
}
