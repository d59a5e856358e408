package org.stepindex.indexer.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.stepindex.indexer.base.StepIndexException;

/**
 * One task's share of a cluster build ({@code index --task I --tasks N}): the build's shards in
 * step order, shard {@code k} going to task {@code k mod N}. The split depends only on the
 * schedule, the steps asked for and the data, never on what is built already, so every task (and a
 * task resubmitted after a kill) computes the same shares and the tasks write disjoint shards
 * without any lock between nodes. Round robin spreads Pythia's schedule (ten tiny shards, then 143
 * of 1,000 steps) evenly.
 *
 * @param task this task, {@code 0 <= task < tasks}
 * @param tasks the number of tasks
 */
public record TaskShare(int task, int tasks) {

  /**
   * Validates the share.
   *
   * @throws StepIndexException if {@code tasks < 1} or {@code task} is outside {@code [0, tasks)}
   */
  public TaskShare {
    if (tasks < 1) {
      throw new StepIndexException(
          "--tasks " + tasks + " is not valid; give the number of tasks, at least 1");
    }
    if (task < 0 || task >= tasks) {
      throw new StepIndexException(
          "--task "
              + task
              + " is outside --tasks "
              + tasks
              + ": tasks are numbered 0 to "
              + (tasks - 1));
    }
  }

  /**
   * The share the options give, the one of them missing taken from Slurm's job array variables: the
   * task from {@code SLURM_ARRAY_TASK_ID} (counted from {@code SLURM_ARRAY_TASK_MIN} in steps of
   * {@code SLURM_ARRAY_TASK_STEP}), the number of tasks from {@code SLURM_ARRAY_TASK_COUNT} (or
   * {@code MIN} to {@code MAX}).
   *
   * @param task {@code --task}, or null
   * @param tasks {@code --tasks}, or null
   * @param environment the process's environment
   * @return the share, or null when neither option is given (a plain build, also inside a job
   *     array)
   * @throws StepIndexException when only part of a share can be found, or it is not valid
   */
  public static TaskShare resolve(Integer task, Integer tasks, Map<String, String> environment) {
    if (task == null && tasks == null) {
      return null;
    }
    String id = environment.get("SLURM_ARRAY_TASK_ID");
    long min = number(environment, "SLURM_ARRAY_TASK_MIN", 0);
    long step = Math.max(1, number(environment, "SLURM_ARRAY_TASK_STEP", 1));
    if (task == null) {
      if (id == null) {
        throw new StepIndexException(
            "--tasks "
                + tasks
                + " needs --task I (or a Slurm job array, which sets"
                + " SLURM_ARRAY_TASK_ID)");
      }
      task = Math.toIntExact((number(environment, "SLURM_ARRAY_TASK_ID", 0) - min) / step);
    }
    if (tasks == null) {
      long count = number(environment, "SLURM_ARRAY_TASK_COUNT", -1);
      long max = number(environment, "SLURM_ARRAY_TASK_MAX", -1);
      if (count < 0 && max < 0) {
        throw new StepIndexException(
            "--task "
                + task
                + " needs --tasks N (or a Slurm job array, which sets"
                + " SLURM_ARRAY_TASK_COUNT)");
      }
      tasks = Math.toIntExact(count >= 0 ? count : (max - min) / step + 1);
    }
    return new TaskShare(task, tasks);
  }

  private static long number(Map<String, String> environment, String name, long absent) {
    String value = environment.get(name);
    if (value == null || value.isBlank()) {
      return absent;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new StepIndexException(
          name + "=" + value + " is not a number; is this a Slurm job array?");
    }
  }

  /**
   * Returns this task's elements of {@code plan}: those at positions {@code k} with {@code k mod
   * tasks == task}.
   */
  public <T> List<T> of(List<T> plan) {
    List<T> mine = new ArrayList<>();
    for (int k = task; k < plan.size(); k += tasks) {
      mine.add(plan.get(k));
    }
    return mine;
  }

  /**
   * Returns the name of this task's manifest, e.g. {@code task-0003-of-0004.json}: sorted, and
   * names both numbers.
   */
  public String manifestName() {
    return String.format("task-%04d-of-%04d.json", task, tasks);
  }
}
