package org.stepindex.indexer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.stepindex.indexer.base.StepIndexException;

/**
 * {@link TaskShare}: the documented round-robin split, and the defaults a Slurm job array gives.
 */
class TaskShareTest {
  @Test
  void shardKGoesToTaskKModNAndTheSharesCoverThePlanOnce() {
    List<Integer> plan = IntStream.range(0, 7).boxed().toList();
    assertEquals(List.of(0, 4), new TaskShare(0, 4).of(plan));
    assertEquals(List.of(3), new TaskShare(3, 4).of(plan));
    List<Integer> all = new ArrayList<>();
    for (int task = 0; task < 4; task++) {
      all.addAll(new TaskShare(task, 4).of(plan));
    }
    all.sort(null);
    assertEquals(plan, all);
    assertEquals(
        List.of(),
        new TaskShare(9, 10).of(plan),
        "more tasks than shards: the last tasks have none");
    assertEquals("task-0003-of-0004.json", new TaskShare(3, 4).manifestName());
  }

  @Test
  void aTaskOutsideTheTasksIsOneLine() {
    assertEquals(
        "--task 4 is outside --tasks 4: tasks are numbered 0 to 3",
        assertThrows(StepIndexException.class, () -> new TaskShare(4, 4)).getMessage());
    assertEquals(
        "--tasks 0 is not valid; give the number of tasks, at least 1",
        assertThrows(StepIndexException.class, () -> new TaskShare(0, 0)).getMessage());
  }

  @Test
  void aSlurmJobArrayGivesTheDefaults() {
    Map<String, String> array =
        Map.of(
            "SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "4", "SLURM_ARRAY_TASK_MIN", "0");
    assertNull(
        TaskShare.resolve(null, null, array), "a plain build inside a job array builds everything");
    assertEquals(new TaskShare(2, 4), TaskShare.resolve(null, 4, array));
    assertEquals(new TaskShare(2, 4), TaskShare.resolve(2, null, array));
    assertEquals(
        new TaskShare(1, 4),
        TaskShare.resolve(
            null,
            4,
            Map.of(
                "SLURM_ARRAY_TASK_ID",
                "2",
                "SLURM_ARRAY_TASK_MIN",
                "1",
                "SLURM_ARRAY_TASK_MAX",
                "4")),
        "an array numbered from 1");
    assertEquals(
        new TaskShare(3, 4),
        TaskShare.resolve(
            3,
            null,
            Map.of(
                "SLURM_ARRAY_TASK_ID",
                "12",
                "SLURM_ARRAY_TASK_MIN",
                "0",
                "SLURM_ARRAY_TASK_MAX",
                "12",
                "SLURM_ARRAY_TASK_STEP",
                "4")),
        "--array=0-12:4 gives the number of tasks");
    assertEquals(
        new TaskShare(3, 4),
        TaskShare.resolve(
            null,
            4,
            Map.of(
                "SLURM_ARRAY_TASK_ID",
                "12",
                "SLURM_ARRAY_TASK_MIN",
                "0",
                "SLURM_ARRAY_TASK_MAX",
                "12",
                "SLURM_ARRAY_TASK_STEP",
                "4")),
        "--array=0-12:4 gives the task");
    assertEquals(
        new TaskShare(1, 8),
        TaskShare.resolve(1, 8, Map.of("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "4")),
        "the options win");
    assertEquals(
        "--tasks 4 needs --task I (or a Slurm job array, which sets SLURM_ARRAY_TASK_ID)",
        assertThrows(StepIndexException.class, () -> TaskShare.resolve(null, 4, Map.of()))
            .getMessage());
  }
}
