package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SlurmScripts}: what the two sbatch scripts say, word for word where it matters. */
class SlurmScriptsTest {
  private final SlurmScripts scripts =
      new SlurmScripts(
          List.of("/opt/stepindex/stepindex"),
          Path.of("/work"),
          Path.of("/shared/pile.idx"),
          List.of("--data", "/shared/pile", "--tokenizer", "it's.json"),
          64,
          List.of("--partition=cpu", "--time=2:00:00"),
          List.of("--cpus-per-task=4", "--mem=8G"),
          Path.of("/s/logs"));

  @Test
  void theArrayRunsEveryTaskWithTheIndexArgumentsQuoted() {
    String array = scripts.array();
    assertTrue(array.startsWith("#!/bin/bash\n"), array);
    for (String line :
        List.of(
            "#SBATCH --array=0-63",
            "#SBATCH --output=/s/logs/index-%A_%a.out",
            "#SBATCH --partition=cpu",
            "#SBATCH --time=2:00:00",
            "#SBATCH --cpus-per-task=4",
            "#SBATCH --mem=8G",
            "set -euo pipefail",
            "cd '/work'",
            "exec '/opt/stepindex/stepindex' 'index' '--index' '/shared/pile.idx' '--data' '/shared/pile' '--tokenizer'"
                + " 'it'\\''s.json' '--tasks' '64' --threads \"${SLURM_CPUS_PER_TASK:-1}\" --quiet")) {
      assertTrue(array.lines().anyMatch(line::equals), () -> "no line «" + line + "» in\n" + array);
    }
  }

  @Test
  void theMergeRunsOnceWithoutTheTasksResources() {
    String merge = scripts.merge();
    assertTrue(
        merge.contains(
            "exec '/opt/stepindex/stepindex' 'index' '--index' '/shared/pile.idx' '--merge'\n"),
        merge);
    assertTrue(merge.contains("#SBATCH --partition=cpu\n"), merge);
    assertTrue(
        !merge.contains("--array")
            && !merge.contains("--cpus-per-task")
            && !merge.contains("--mem"),
        merge);
    assertEquals(
        "jobid=$(sbatch --parsable '/s/a.sbatch') && sbatch --dependency=afterok:${jobid%%;*} '/s/m.sbatch'",
        scripts.submitCommands(Path.of("/s/a.sbatch"), Path.of("/s/m.sbatch")));
  }
}
