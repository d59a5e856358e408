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
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.base.TempFiles;

/**
 * Runs a {@link ModelTask} over checkpoints, the one runner of every task: for each checkpoint in
 * turn, opens its model, writes {@code <task>-step<N>.jsonl}, then the task's side files, then
 * {@code <task>-step<N>.summary.json} ({@link EvalFiles}), each aside and renamed into place, so a
 * file that exists is complete. The old summary is removed before the new instances replace the old
 * ones, so a summary always describes the files beside it; a failure leaves that checkpoint's files
 * as they were and those of earlier checkpoints in place. Only one model is open at a time: each is
 * closed before the next opens.
 */
public final class EvalRunner {
  private static final ObjectMapper JSON = Json.mapper();

  private final ProgressListener progress;

  /**
   * @param progress hears progress in the task's units, over all checkpoints
   */
  public EvalRunner(ProgressListener progress) {
    this.progress = progress;
  }

  /**
   * Evaluates {@code task} at each checkpoint, in order, writing into {@code outputDir} (created if
   * missing).
   *
   * @param task the task
   * @param models opens what the task needs from a checkpoint directory's model
   * @param checkpoints the checkpoints, in the order they are evaluated
   * @param outputDir where the files go
   * @return one summary per checkpoint, in order
   * @throws StepIndexException before anything runs if a checkpoint directory is missing, the
   *     output directory is a file or cannot be created, or two checkpoints would write the same
   *     files (the same or an unknown step)
   */
  public <M extends AutoCloseable> List<Object> run(
      ModelTask<M> task, ModelOpener<M> models, List<Checkpoint> checkpoints, Path outputDir)
      throws IOException {
    prepare(task.name(), checkpoints, outputDir);
    long total = task.units() * checkpoints.size();
    List<Object> summaries = new ArrayList<>();
    for (int i = 0; i < checkpoints.size(); i++) {
      Checkpoint checkpoint = checkpoints.get(i);
      progress.checkpointStarted(checkpoint, i, checkpoints.size());
      long before = i * task.units();
      summaries.add(
          runOne(task, models, checkpoint, outputDir, d -> progress.progress(before + d, total)));
    }
    return summaries;
  }

  private static void prepare(String task, List<Checkpoint> checkpoints, Path outputDir)
      throws IOException {
    check(task, checkpoints);
    try {
      Files.createDirectories(outputDir);
    } catch (FileAlreadyExistsException e) {
      throw new StepIndexException("output directory is a file: " + outputDir);
    } catch (FileSystemException e) {
      throw new StepIndexException(
          "cannot create output directory "
              + outputDir
              + ": "
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
        throw new StepIndexException(
            "checkpoints "
                + other.dir()
                + " and "
                + c.dir()
                + " would both write "
                + file
                + "; give them distinct steps or evaluate them into separate output directories");
      }
    }
  }

  private <M extends AutoCloseable> Object runOne(
      ModelTask<M> task,
      ModelOpener<M> models,
      Checkpoint checkpoint,
      Path outputDir,
      LongConsumer done)
      throws IOException {
    Path target = EvalFiles.instances(outputDir, task.name(), checkpoint.step());
    Path summaryFile = EvalFiles.summary(outputDir, task.name(), checkpoint.step());
    ModelTask.Result result;
    Path tmp = TempFiles.besides(target);
    try {
      try (M model = models.open(checkpoint.dir());
          BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        result =
            task.evaluate(
                model,
                checkpoint,
                record -> {
                  out.write(JSON.writeValueAsString(record));
                  out.write('\n');
                },
                done);
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException("closing the model failed: " + e.getMessage(), e);
      }
      // A stale summary must not describe the new instances, even if writing the new one fails.
      Files.deleteIfExists(summaryFile);
      AtomicFiles.move(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
    for (Map.Entry<String, String> side : result.sideFiles().entrySet()) {
      AtomicFiles.write(
          EvalFiles.side(outputDir, task.name(), checkpoint.step(), side.getKey()),
          side.getValue().getBytes(StandardCharsets.UTF_8));
    }
    AtomicFiles.write(summaryFile, Json.pretty().writeValueAsBytes(result.summary()));
    return result.summary();
  }
}
