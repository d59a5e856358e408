package org.stepindex.indexer.store;

import org.stepindex.indexer.base.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.intervention.Intervention;
import org.stepindex.indexer.layout.CheckpointSchedule;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.order.SequenceSource;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.View;

/**
 * One task of a cluster build ({@code index ... --task I --tasks N}): builds the shards of its {@link TaskShare}
 * into the shared index directory and records them in its own {@link TaskManifest}, nothing else. The tasks write
 * disjoint shards and their own files, so they need no lock between nodes (a file system without working locks
 * does); the index manifest is written once, by {@link ClusterMerge}. A task killed and run again keeps the shards
 * its manifest lists and builds the rest of its share; a shard it was writing is discarded.
 */
final class TaskBuild {
  private final Path dir;
  private final Path file;
  private final Path shardsDir;
  private TaskManifest task;
  private int built;
  private long builtSequences;
  private long builtTokens;

  private TaskBuild(Path dir, Path file, TaskManifest task) {
    this.dir = dir;
    this.file = file;
    this.shardsDir = dir.resolve(IndexBuilder.SHARDS_DIR);
    this.task = task;
  }

  /** Builds what is missing of the task's share; the result's manifest is the task's part, not one on disk. */
  static BuildResult run(BuildOptions options, List<View> views, CheckpointSchedule schedule, SequenceSource data,
      HfTokenizer tokenizer, Intervention intervention, Manifest fresh, long from, long to, BuildProgress progress,
      long start) {
    Path dir = options.indexDir();
    TaskShare share = options.share();
    StepLayout layout = options.layout();
    Manifest existing = prepare(dir, fresh);
    // The split depends on the schedule, the range and the data only: every task, and a resubmitted one, sees it.
    Manifest base = existing != null ? existing : fresh;
    Set<String> published = new HashSet<>();
    base.shards().forEach(s -> published.add(s.name()));
    List<ShardInfo> all = new ArrayList<>();
    for (long[] range : IndexBuilder.plan(schedule, base, layout.stepCount(data.sequenceCount()), from, to)) {
      ShardInfo shard = IndexBuilder.shardFor(range, data, layout);
      if (!published.contains(shard.name())) {
        all.add(shard);
      }
    }
    List<ShardInfo> mine = share.of(all);
    List<String> names = mine.stream().map(ShardInfo::name).toList();
    Path file = TaskManifest.file(dir, share);
    TaskManifest task = TaskManifest.read(file);
    if (task != null) {
      BuildDifference difference = BuildDifference.between(task.build(), fresh);
      if (difference != null) {
        throw new StepIndexException(file + " was written by task " + share.task() + " built with "
            + difference.describe() + "; run the task with the arguments it was built with, or delete " + file
            + " and its shards to start it over");
      }
      if (!task.planned().equals(names)) {
        throw new StepIndexException(file + " lists other shards for task " + share.task() + " (" + task.planned()
            + ", not " + names + "): the steps or the index changed since; delete " + file + " to start it over");
      }
    } else {
      task = new TaskManifest(TaskManifest.FORMAT, share.task(), share.tasks(), fresh, names, List.of());
    }
    // Keep what a killed run of this task published; a listed shard whose folder is gone is built again.
    List<ShardInfo> kept = task.shards().stream().filter(s -> Files.isDirectory(dir.resolve(IndexBuilder.SHARDS_DIR)
        .resolve(s.name()))).toList();
    task = new TaskManifest(task.format(), task.task(), task.tasks(), task.build(), task.planned(), kept);
    task.write(file);
    Set<String> done = new HashSet<>();
    kept.forEach(s -> done.add(s.name()));
    List<ShardInfo> todo = mine.stream().filter(s -> !done.contains(s.name())).toList();
    progress.plan(todo.stream().mapToLong(ShardInfo::sequences).sum(), todo.stream().mapToLong(ShardInfo::tokens).sum(),
        todo.size());
    TaskBuild build = new TaskBuild(dir, file, task);
    build.buildAll(options, views, data, tokenizer, intervention, todo, progress);
    double seconds = (System.nanoTime() - start) / 1e9;
    synchronized (build) {
      return new BuildResult(build.built, kept.size(), build.builtSequences, build.builtTokens, seconds,
          fresh.withShards(build.task.shards()));
    }
  }

  private void buildAll(BuildOptions options, List<View> views, SequenceSource data, HfTokenizer tokenizer,
      Intervention intervention, List<ShardInfo> todo, BuildProgress progress) {
    if (todo.isEmpty()) {
      return;
    }
    int threads = Math.max(1, Math.min(options.threads(), todo.size()));
    AtomicBoolean cancelled = new AtomicBoolean();
    ShardWriter writer = new ShardWriter(data, tokenizer, views, options.layout(), intervention, progress, cancelled,
        ShardWriter.ramBufferMb(threads));
    ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().factory());
    try {
      ShardTasks.runAll(pool, dir, cancelled, todo, shard -> {
        if (writer.writeAside(shard, shardsDir, tmp -> publish(shard, tmp))) {
          progress.shardDone();
        }
      });
    } finally {
      cancelled.set(true);
      pool.shutdown();
      ShardTasks.awaitQuietly(pool);
    }
  }

  /** Renames the shard into place, then lists it in the task's manifest: a kill in between rebuilds it. */
  private synchronized boolean publish(ShardInfo shard, Path tmp) throws IOException {
    Path finalDir = shardsDir.resolve(shard.name());
    AtomicFiles.deleteTree(finalDir); // this task's own: a run killed between the rename and its manifest
    Files.move(tmp, finalDir);
    task = task.withShard(shard);
    task.write(file);
    built++;
    builtSequences += shard.sequences();
    builtTokens += shard.tokens();
    return true;
  }

  /**
   * Creates the index directory, or checks the one there: an index whose build this one must match, or what other
   * tasks of a build not merged yet leave (shards, task manifests). Returns the index's manifest, or null.
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
            boolean ours = name.equals(IndexBuilder.SHARDS_DIR) || name.equals(TaskManifest.DIR)
                || name.equals(IndexLock.FILE_NAME) || name.startsWith("." + Manifest.FILE_NAME + ".");
            if (!ours) {
              throw new StepIndexException(dir + " holds " + name + " and is not a stepindex index (no "
                  + Manifest.FILE_NAME + ", no tasks of a cluster build); choose a new or empty directory");
            }
          }
        }
      }
      Files.createDirectories(dir.resolve(IndexBuilder.SHARDS_DIR));
      Files.createDirectories(dir.resolve(TaskManifest.DIR));
      return existing;
    } catch (IOException e) {
      throw new StepIndexException("cannot prepare index directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
