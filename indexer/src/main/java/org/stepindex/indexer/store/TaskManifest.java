package org.stepindex.indexer.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;

/**
 * What one task of a cluster build has done, {@code DIR/tasks/task-IIII-of-NNNN.json}: the build it
 * belongs to (the index's manifest as the task's arguments make it, without shards), the shards of
 * its share and those it has published into {@code DIR/shards/}. Only its own task writes it, after
 * each shard (atomically), so no lock is shared between nodes; {@code index --merge} reads every
 * task's and publishes the one index manifest.
 *
 * @param format {@link #FORMAT}
 * @param task the task
 * @param tasks the number of tasks
 * @param build the index manifest the task's arguments make, with no shards
 * @param planned the names of the shards of the task's share, in step order
 * @param shards the shards of its share it has published, in step order
 */
public record TaskManifest(
    String format,
    int task,
    int tasks,
    Manifest build,
    List<String> planned,
    List<ShardInfo> shards) {

  /** The format tag this code reads and writes. */
  public static final String FORMAT = "stepindex-task-1";

  public TaskManifest {
    planned = List.copyOf(planned);
    shards = List.copyOf(shards);
  }

  /** Whether every shard of the share is published. */
  public boolean complete() {
    return shards.size() == planned.size();
  }

  /** This manifest with {@code shard} published too. */
  TaskManifest withShard(ShardInfo shard) {
    List<ShardInfo> all = new ArrayList<>(shards);
    all.add(shard);
    all.sort(java.util.Comparator.comparingLong(ShardInfo::firstStep));
    return new TaskManifest(format, task, tasks, build, planned, all);
  }

  /** The file of {@code share}'s manifest in the index {@code indexDir}. */
  static Path file(Path indexDir, TaskShare share) {
    return IndexLayout.of(indexDir).tasks().resolve(share.manifestName());
  }

  /** Reads a task manifest; null if there is none. */
  static TaskManifest read(Path file) {
    try {
      TaskManifest manifest = Json.mapper().readValue(Files.readAllBytes(file), TaskManifest.class);
      if (!FORMAT.equals(manifest.format())) {
        throw new StepIndexException(
            file
                + " has format '"
                + manifest.format()
                + "', this stepindex reads '"
                + FORMAT
                + "'; delete it and run the task again");
      }
      return manifest;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot read the task manifest "
              + file
              + ": "
              + e.getMessage()
              + "; delete it and run the task again");
    }
  }

  /** Writes this manifest to {@code file} atomically. */
  void write(Path file) {
    try {
      Files.createDirectories(file.getParent());
      AtomicFiles.write(file, Json.pretty().writeValueAsBytes(this));
    } catch (IOException e) {
      throw new StepIndexException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
