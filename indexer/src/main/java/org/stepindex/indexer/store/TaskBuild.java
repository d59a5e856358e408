package org.stepindex.indexer.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.layout.CheckpointSchedule;
import org.stepindex.indexer.layout.StepReader;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.View;

/**
 * One task of a cluster build ({@code index ... --task I --tasks N}): builds the shards of its
 * {@link TaskShare} into the shared index directory and records them in its own {@link
 * TaskManifest}, nothing else. The tasks write disjoint shards and their own files, so they need no
 * lock between nodes (a file system without working locks does); the index manifest is written
 * once, by {@link ClusterMerge}. A task killed and run again keeps the shards its manifest lists
 * and builds the rest of its share; a shard it was writing is discarded.
 */
final class TaskBuild {
  private final Path dir;
  private final Path file;
  private TaskManifest task;
  private int built;
  private long builtSequences;
  private long builtTokens;

  private TaskBuild(Path dir, Path file, TaskManifest task) {
    this.dir = dir;
    this.file = file;
    this.task = task;
  }

  /**
   * Builds what is missing of the task's share; the result's manifest is the task's part, not one
   * on disk.
   */
  static BuildResult run(
      BuildOptions options,
      List<View> views,
      CheckpointSchedule schedule,
      StepReader reader,
      HfTokenizer tokenizer,
      Manifest fresh,
      long from,
      long to,
      BuildProgress progress,
      long start) {
    Path dir = options.indexDir();
    TaskShare share = options.share();
    Manifest existing = prepare(dir, fresh);
    // The split depends on the schedule, the range and the data only: every task, and a resubmitted
    // one, sees it.
    Manifest base = existing != null ? existing : fresh;
    List<ShardInfo> mine = share.of(IndexBuilder.missingShards(schedule, base, reader, from, to));
    List<String> names = mine.stream().map(ShardInfo::name).toList();
    Path file = TaskManifest.file(dir, share);
    TaskManifest task = TaskManifest.read(file);
    if (task != null) {
      BuildDifference difference = BuildDifference.between(task.build(), fresh);
      if (difference != null) {
        throw new StepIndexException(
            file
                + " was written by task "
                + share.task()
                + " built with "
                + difference.describe()
                + "; run the task with the arguments it was built with, or delete "
                + file
                + " and its shards to start it over");
      }
      if (!task.planned().equals(names)) {
        throw new StepIndexException(
            file
                + " lists other shards for task "
                + share.task()
                + " ("
                + task.planned()
                + ", not "
                + names
                + "): the steps or the index changed since; delete "
                + file
                + " to start it over");
      }
    } else {
      task =
          new TaskManifest(
              TaskManifest.FORMAT, share.task(), share.tasks(), fresh, names, List.of());
    }
    // Keep what a killed run of this task published; a listed shard whose folder is gone is built
    // again.
    IndexLayout paths = IndexLayout.of(dir);
    List<ShardInfo> kept =
        task.shards().stream().filter(s -> Files.isDirectory(paths.shard(s.name()))).toList();
    task =
        new TaskManifest(
            task.format(), task.task(), task.tasks(), task.build(), task.planned(), kept);
    task.write(file);
    Set<String> done = new HashSet<>();
    kept.forEach(s -> done.add(s.name()));
    List<ShardInfo> todo = mine.stream().filter(s -> !done.contains(s.name())).toList();
    progress.plan(
        todo.stream().mapToLong(ShardInfo::sequences).sum(),
        todo.stream().mapToLong(ShardInfo::tokens).sum(),
        todo.size());
    TaskBuild build = new TaskBuild(dir, file, task);
    ShardWriter writer =
        new ShardWriter(
            reader,
            tokenizer,
            views,
            progress,
            ShardWriter.ramBufferMb(Math.max(1, Math.min(options.threads(), todo.size()))));
    ShardPipeline.buildOwned(
        dir,
        paths.shards(),
        new ShardPlan(todo),
        options.threads(),
        writer,
        build::publish,
        progress);
    double seconds = (System.nanoTime() - start) / 1e9;
    synchronized (build) {
      return new BuildResult(
          build.built,
          kept.size(),
          build.builtSequences,
          build.builtTokens,
          seconds,
          fresh.withShards(build.task.shards()));
    }
  }

  /**
   * Renames the shard into place, then lists it in the task's manifest: a kill in between rebuilds
   * it.
   */
  private synchronized boolean publish(ShardInfo shard, Path tmp) throws IOException {
    Path finalDir = IndexLayout.of(dir).shard(shard.name());
    AtomicFiles.deleteTree(
        finalDir); // this task's own: a run killed between the rename and its manifest
    Files.move(tmp, finalDir);
    task = task.withShard(shard);
    task.write(file);
    built++;
    builtSequences += shard.sequences();
    builtTokens += shard.tokens();
    return true;
  }

  /**
   * Creates the index directory, or checks the one there: an index whose build this one must match,
   * or what other tasks of a build not merged yet leave (shards, task manifests). Returns the
   * index's manifest, or null.
   */
  private static Manifest prepare(Path dir, Manifest fresh) {
    try {
      Files.createDirectories(dir);
      Manifest existing = null;
      if (Manifest.exists(dir)) {
        existing = Manifest.read(dir);
        BuildDifference difference = BuildDifference.between(existing, fresh);
        if (difference != null) {
          throw difference.refusal(dir);
        }
      } else {
        try (Stream<Path> entries = Files.list(dir)) {
          for (Path entry : entries.toList()) {
            String name = entry.getFileName().toString();
            boolean ours =
                name.equals(IndexLayout.SHARDS)
                    || name.equals(IndexLayout.TASKS)
                    || name.equals(IndexLayout.LOCK)
                    || IndexLayout.isManifestTemporary(entry);
            if (!ours) {
              throw new StepIndexException(
                  dir
                      + " holds "
                      + name
                      + " and is not a stepindex index (no "
                      + Manifest.FILE_NAME
                      + ", no tasks of a cluster build); choose a new or empty directory");
            }
          }
        }
      }
      Files.createDirectories(IndexLayout.of(dir).shards());
      Files.createDirectories(IndexLayout.of(dir).tasks());
      return existing;
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot prepare index directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
