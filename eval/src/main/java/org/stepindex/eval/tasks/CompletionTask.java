package org.stepindex.eval.tasks;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.stepindex.indexer.base.StepIndexException;

/**
 * A few-shot {@link EvalTask} as a {@link ModelTask}: completes the task's prompts with the
 * checkpoint's {@link TextCompleter} in batches, writes one record per prompt, and sums them up as
 * a {@link RunSummary} (accuracy overall, per k and per operation).
 */
public final class CompletionTask implements ModelTask<TextCompleter> {
  private final EvalTask task;
  private final int batchSize;

  /**
   * @param task the prompts and how to complete them
   * @param batchSize how many prompts each {@link TextCompleter#complete} call gets
   * @throws StepIndexException if the batch size is below 1
   */
  public CompletionTask(EvalTask task, int batchSize) {
    if (batchSize < 1) {
      throw new StepIndexException("bad batch size " + batchSize + ": must be 1 or more");
    }
    this.task = task;
    this.batchSize = batchSize;
  }

  @Override
  public String name() {
    return task.name();
  }

  /** Prompts per checkpoint. */
  @Override
  public long units() {
    return task.items().size();
  }

  @Override
  public Result evaluate(
      TextCompleter completer, Checkpoint checkpoint, InstanceSink out, LongConsumer done)
      throws IOException {
    List<? extends TaskItem> items = task.items();
    Tally tally = new Tally();
    for (int from = 0; from < items.size(); from += batchSize) {
      List<? extends TaskItem> batch =
          items.subList(from, Math.min(from + batchSize, items.size()));
      List<String> predictions = complete(completer, batch);
      for (int j = 0; j < batch.size(); j++) {
        TaskItem item = batch.get(j);
        String prediction = predictions.get(j);
        boolean correct = item.correct(prediction);
        out.write(item.instance(checkpoint, prediction, correct));
        tally.add(item, correct);
      }
      done.accept(from + batch.size());
    }
    return new Result(tally.summary(task.name(), checkpoint), Map.of());
  }

  private List<String> complete(TextCompleter completer, List<? extends TaskItem> batch) {
    List<String> prompts = batch.stream().map(TaskItem::prompt).toList();
    List<String> predictions = completer.complete(prompts, task.maxNewTokens(), task.stopStrings());
    if (predictions == null || predictions.size() != prompts.size() || predictions.contains(null)) {
      throw new IllegalStateException(
          "completer broke its contract: "
              + prompts.size()
              + " prompts, "
              + (predictions == null
                  ? "null"
                  : predictions.size() + " completions (some may be null)"));
    }
    return predictions;
  }

  /** Counts right answers overall, per k and per operation. */
  private static final class Tally {
    private int n;
    private int correct;
    private final TreeMap<Integer, int[]> byK = new TreeMap<>();
    private final LinkedHashMap<String, int[]> byOp = new LinkedHashMap<>();

    void add(TaskItem item, boolean right) {
      n++;
      int hit = right ? 1 : 0;
      correct += hit;
      count(byK.computeIfAbsent(item.k(), k -> new int[2]), hit);
      if (item.op() != null) {
        count(byOp.computeIfAbsent(item.op(), op -> new int[2]), hit);
      }
    }

    private static void count(int[] cell, int hit) {
      cell[0]++;
      cell[1] += hit;
    }

    RunSummary summary(String task, Checkpoint checkpoint) {
      Map<String, Double> k = new LinkedHashMap<>();
      byK.forEach((key, cell) -> k.put(Integer.toString(key), accuracy(cell)));
      Map<String, Double> op = null;
      if (!byOp.isEmpty()) {
        op = new LinkedHashMap<>();
        for (var e : byOp.entrySet()) {
          op.put(e.getKey(), accuracy(e.getValue()));
        }
      }
      return new RunSummary(
          task, checkpoint.model(), checkpoint.step(), n, (double) correct / n, k, op);
    }

    private static double accuracy(int[] cell) {
      return (double) cell[1] / cell[0];
    }
  }
}
