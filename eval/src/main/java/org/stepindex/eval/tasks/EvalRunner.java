package org.stepindex.eval.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.stepindex.eval.model.Completer;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.base.TempFiles;

/**
 * Runs a task over checkpoints: for each checkpoint in turn, opens its model, completes every prompt in batches, and
 * writes the instances file and then the summary file ({@link EvalFiles}). Each file is written aside and renamed into
 * place, so a file that exists is complete; an old summary is removed before its new instances file replaces the old
 * one, so a summary always describes the instances file beside it. A failure while completing a checkpoint's prompts
 * leaves that checkpoint's files as they were and those of earlier checkpoints in place.
 */
public final class EvalRunner {
  private static final ObjectMapper JSON = Json.mapper();

  private final CompleterFactory models;
  private final int batchSize;
  private final ProgressListener progress;

  /**
   * @param models opens the model of a checkpoint directory
   * @param batchSize how many prompts each {@link Completer#complete} call gets
   * @param progress hears progress after every batch
   * @throws StepIndexException if the batch size is below 1
   */
  public EvalRunner(CompleterFactory models, int batchSize, ProgressListener progress) {
    if (batchSize < 1) {
      throw new StepIndexException("bad batch size " + batchSize + ": must be 1 or more");
    }
    this.models = models;
    this.batchSize = batchSize;
    this.progress = progress;
  }

  /**
   * Evaluates {@code task} at each checkpoint, in order, writing into {@code outputDir} (created if missing).
   *
   * @return one summary per checkpoint, in order
   * @throws StepIndexException before anything runs if a checkpoint directory is missing, the output directory is a
   *     file or cannot be created, or two checkpoints would write the same files (the same or an unknown step)
   */
  public List<RunSummary> run(EvalTask task, List<Checkpoint> checkpoints, Path outputDir) throws IOException {
    prepare(task.name(), checkpoints, outputDir);
    long total = (long) task.items().size() * checkpoints.size();
    List<RunSummary> summaries = new ArrayList<>(checkpoints.size());
    for (int i = 0; i < checkpoints.size(); i++) {
      Checkpoint checkpoint = checkpoints.get(i);
      progress.checkpointStarted(checkpoint, i, checkpoints.size());
      summaries.add(runOne(task, checkpoint, outputDir, (long) i * task.items().size(), total));
    }
    return summaries;
  }

  /**
   * Checks the checkpoints of a run of {@code task} and creates {@code outputDir}; shared with {@link ModelTaskRunner}.
   *
   * @throws StepIndexException as {@link #run} describes
   */
  static void prepare(String task, List<Checkpoint> checkpoints, Path outputDir) throws IOException {
    check(task, checkpoints);
    try {
      Files.createDirectories(outputDir);
    } catch (FileAlreadyExistsException e) {
      throw new StepIndexException("output directory is a file: " + outputDir);
    } catch (FileSystemException e) {
      throw new StepIndexException("cannot create output directory " + outputDir + ": "
          + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()));
    }
  }

  private static void check(String task, List<Checkpoint> checkpoints) {
    if (checkpoints.isEmpty()) {
      throw new StepIndexException("no checkpoint to evaluate");
    }
    Map<Path, Checkpoint> byFile = new HashMap<>();
    for (Checkpoint c : checkpoints) {
      if (!Files.isDirectory(c.dir())) {
        throw new StepIndexException("checkpoint directory not found: " + c.dir());
      }
      Path file = EvalFiles.instances(Path.of(""), task, c.step());
      Checkpoint other = byFile.putIfAbsent(file, c);
      if (other != null) {
        throw new StepIndexException("checkpoints " + other.dir() + " and " + c.dir() + " would both write " + file
            + "; give them distinct steps or evaluate them into separate output directories");
      }
    }
  }

  private RunSummary runOne(EvalTask task, Checkpoint checkpoint, Path outputDir, long doneBefore, long total)
      throws IOException {
    List<? extends TaskItem> items = task.items();
    Tally tally = new Tally();
    Path target = EvalFiles.instances(outputDir, task.name(), checkpoint.step());
    Path summaryFile = EvalFiles.summary(outputDir, task.name(), checkpoint.step());
    Completer completer = models.open(checkpoint.dir());
    try (var _ = new Closer(completer)) {
      Path tmp = TempFiles.besides(target);
      try {
        try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          for (int from = 0; from < items.size(); from += batchSize) {
            List<? extends TaskItem> batch = items.subList(from, Math.min(from + batchSize, items.size()));
            List<String> predictions = complete(completer, task, batch);
            for (int j = 0; j < batch.size(); j++) {
              TaskItem item = batch.get(j);
              String prediction = predictions.get(j);
              boolean correct = item.correct(prediction);
              out.write(JSON.writeValueAsString(item.instance(checkpoint, prediction, correct)));
              out.write('\n');
              tally.add(item, correct);
            }
            progress.progress(doneBefore + from + batch.size(), total);
          }
        }
        // A stale summary must not describe the new instances, even if writing the new one fails.
        Files.deleteIfExists(summaryFile);
        AtomicFiles.move(tmp, target);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    RunSummary summary = tally.summary(task.name(), checkpoint);
    AtomicFiles.write(summaryFile, Json.pretty().writeValueAsBytes(summary));
    return summary;
  }

  private static List<String> complete(Completer completer, EvalTask task, List<? extends TaskItem> batch) {
    List<String> prompts = batch.stream().map(TaskItem::prompt).toList();
    List<String> predictions = completer.complete(prompts, task.maxNewTokens(), task.stopStrings());
    if (predictions == null || predictions.size() != prompts.size() || predictions.contains(null)) {
      throw new IllegalStateException("completer broke its contract: " + prompts.size() + " prompts, "
          + (predictions == null ? "null" : predictions.size() + " completions (some may be null)"));
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
      return new RunSummary(task, checkpoint.model(), checkpoint.step(), n, (double) correct / n, k, op);
    }

    private static double accuracy(int[] cell) {
      return (double) cell[1] / cell[0];
    }
  }

  /** Closes a completer that is {@link AutoCloseable}; try-with-resources then keeps a failure's cause first. */
  private record Closer(Completer completer) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (completer instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException("closing the model failed: " + e.getMessage(), e);
        }
      }
    }
  }
}
