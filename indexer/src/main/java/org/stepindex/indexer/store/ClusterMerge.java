package org.stepindex.indexer.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.FSDirectory;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The last step of a cluster build ({@code index --index DIR --merge}, a job that depends on the
 * whole array): reads every task's {@link TaskManifest}, checks that all {@code N} tasks finished,
 * built with the same arguments, and that every shard they list is in place and holds what its task
 * recorded (the sequences and tokens in its Lucene commit); then publishes one manifest with all
 * their shards (beside those the index already had), brings the term statistics table in line with
 * it and removes the task manifests. Any problem is one line, and nothing is changed.
 */
public final class ClusterMerge {
  private ClusterMerge() {}

  /**
   * What a merge did.
   *
   * @param tasks the tasks merged
   * @param shards the shards they built, now in the manifest
   * @param manifest the index's manifest afterwards
   */
  public record Result(int tasks, int shards, Manifest manifest) {}

  /**
   * Merges the tasks' shards into the index at {@code dir}.
   *
   * @throws StepIndexException naming the tasks still missing, a task built with other arguments,
   *     or a shard that is not in place; the index is left as it was
   */
  public static Result merge(Path dir) {
    Path tasksDir = IndexLayout.of(dir).tasks();
    List<Path> files = taskFiles(dir, tasksDir);
    Map<Integer, TaskManifest> tasks = new TreeMap<>();
    int count = -1;
    for (Path file : files) {
      TaskManifest task = TaskManifest.read(file);
      if (count >= 0 && task.tasks() != count) {
        throw new StepIndexException(
            tasksDir
                + " holds the manifests of a build of "
                + count
                + " tasks and of one of "
                + task.tasks()
                + " ("
                + file.getFileName()
                + "): two cluster builds ran into this index; delete the other"
                + " build's task manifests and shards");
      }
      count = task.tasks();
      tasks.put(task.task(), task);
    }
    checkAllFinished(tasksDir, tasks, count);
    TaskManifest first = tasks.values().iterator().next();
    List<ShardInfo> shards = new ArrayList<>();
    for (TaskManifest task : tasks.values()) {
      BuildDifference difference = BuildDifference.between(first.build(), task.build());
      if (difference != null) {
        throw new StepIndexException(
            "task "
                + task.task()
                + "'s shards were built from other arguments than task "
                + first.task()
                + "'s ("
                + difference.describe()
                + "); build the index again with one command for all tasks");
      }
      for (ShardInfo shard : task.shards()) {
        checkShard(dir, task, shard);
        shards.add(shard);
      }
    }
    Manifest merged;
    try (IndexLock lock = IndexLock.acquire(dir)) {
      Manifest base = first.build();
      if (Manifest.exists(dir)) {
        base = Manifest.read(dir);
        BuildDifference difference = BuildDifference.between(base, first.build());
        if (difference != null) {
          throw new StepIndexException(
              "the tasks' shards were built with "
                  + difference.now()
                  + " "
                  + difference.what()
                  + ", but the index at "
                  + dir
                  + " has "
                  + difference.was()
                  + "; build them with the index's arguments");
        }
      }
      List<ShardInfo> all = new ArrayList<>(base.shards());
      for (ShardInfo shard : shards) {
        for (ShardInfo other : all) {
          if (other.firstStep() < shard.endStep() && shard.firstStep() < other.endStep()) {
            throw new StepIndexException(
                "shard "
                    + shard.name()
                    + " of the tasks overlaps shard "
                    + other.name()
                    + " of "
                    + (base.shards().contains(other) ? "the index" : "another task")
                    + "; nothing was merged");
          }
        }
        all.add(shard);
      }
      merged = base.withShards(all);
      merged.write(dir);
    }
    TermStatsTable.refreshAfterBuild(dir);
    try {
      AtomicFiles.deleteTree(tasksDir);
    } catch (IOException e) {
      // The manifest is written: leftover task manifests only make a second --merge find nothing
      // new.
    }
    return new Result(tasks.size(), shards.size(), Manifest.read(dir));
  }

  private static List<Path> taskFiles(Path dir, Path tasksDir) {
    if (!Files.isDirectory(tasksDir)) {
      throw new StepIndexException(
          "no task manifests in "
              + tasksDir
              + ": nothing to merge; run the job array first"
              + " (stepindex index --index "
              + dir
              + " ... --task I --tasks N, or the scripts of stepindex slurm)");
    }
    try (Stream<Path> entries = Files.list(tasksDir)) {
      List<Path> files =
          entries
              .filter(p -> p.getFileName().toString().matches("task-\\d+-of-\\d+\\.json"))
              .sorted(Comparator.naturalOrder())
              .toList();
      if (files.isEmpty()) {
        throw new StepIndexException(
            "no task manifests in " + tasksDir + ": nothing to merge; did the tasks run?");
      }
      return files;
    } catch (IOException e) {
      throw new StepIndexException("cannot read " + tasksDir + ": " + e.getMessage(), e);
    }
  }

  private static void checkAllFinished(Path tasksDir, Map<Integer, TaskManifest> tasks, int count) {
    List<Integer> missing = new ArrayList<>();
    List<String> why = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      TaskManifest task = tasks.get(i);
      if (task == null) {
        missing.add(i);
        why.add("task " + i + " has no " + new TaskShare(i, count).manifestName());
      } else if (!task.complete()) {
        missing.add(i);
        why.add(
            "task "
                + i
                + " built "
                + task.shards().size()
                + " of its "
                + task.planned().size()
                + " shards");
      }
    }
    if (!missing.isEmpty()) {
      String list = missing.stream().map(String::valueOf).collect(Collectors.joining(","));
      throw new StepIndexException(
          (missing.size() == 1 ? "task " : "tasks ")
              + list
              + " of "
              + count
              + (missing.size() == 1 ? " has" : " have")
              + " not finished ("
              + String.join("; ", why)
              + " in "
              + tasksDir
              + "): resubmit "
              + (missing.size() == 1 ? "it" : "them")
              + " (sbatch --array="
              + list
              + " index-array.sbatch) and merge again; nothing was merged");
    }
  }

  /**
   * The shard is in place and its Lucene commit records the sequences and tokens its task listed.
   */
  private static void checkShard(Path dir, TaskManifest task, ShardInfo shard) {
    Path shardDir = IndexLayout.of(dir).shard(shard.name());
    String problem;
    try (FSDirectory directory = FSDirectory.open(shardDir)) {
      ShardCommit commit = ShardCommit.from(SegmentInfos.readLatestCommit(directory).getUserData());
      problem =
          commit != null
                  && commit.firstSequence() == shard.firstSequence()
                  && commit.endSequence() == shard.endSequence()
                  && commit.tokens() == shard.tokens()
              ? null
              : "does not hold the sequences and tokens task " + task.task() + " recorded";
    } catch (IOException e) {
      problem =
          Files.isDirectory(shardDir) ? "cannot be read (" + e.getMessage() + ")" : "is missing";
    }
    if (problem != null) {
      throw new StepIndexException(
          "shard "
              + shard.name()
              + " of task "
              + task.task()
              + " "
              + problem
              + "; delete "
              + TaskManifest.file(dir, new TaskShare(task.task(), task.tasks()))
              + ", resubmit task "
              + task.task()
              + " and merge again; nothing was merged");
    }
  }
}
