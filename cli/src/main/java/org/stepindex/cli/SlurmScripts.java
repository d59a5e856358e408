package org.stepindex.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two {@code sbatch} scripts of a cluster build, as text: a job array whose task {@code I} runs
 * {@code stepindex index ... --tasks N} (the task taken from {@code SLURM_ARRAY_TASK_ID}, its
 * threads from {@code SLURM_CPUS_PER_TASK}), and a merge job ({@code index --index DIR --merge}) to
 * submit with {@code --dependency=afterok:ARRAYJOB}. Both {@code cd} to the directory the scripts
 * were written from, so relative paths in the arguments mean what they meant there.
 *
 * @param stepindex the command that runs stepindex on a node, as words (the launcher, or {@code
 *     java -cp ... Main})
 * @param workDir the directory the jobs run in
 * @param index the index directory
 * @param indexArguments the {@code index} arguments, {@code --index} and the task options left out
 * @param tasks the number of tasks
 * @param resources the {@code #SBATCH} options both jobs get ({@code --partition}, {@code --time}),
 *     as {@code --name=value}
 * @param taskResources the {@code #SBATCH} options only the array's tasks get ({@code
 *     --cpus-per-task}, {@code --mem})
 * @param logs the directory the jobs' output goes to
 */
record SlurmScripts(
    List<String> stepindex,
    Path workDir,
    Path index,
    List<String> indexArguments,
    int tasks,
    List<String> resources,
    List<String> taskResources,
    Path logs) {

  /** The file name of the job array's script. */
  static final String ARRAY = "index-array.sbatch";

  /** The file name of the merge job's script. */
  static final String MERGE = "index-merge.sbatch";

  SlurmScripts {
    stepindex = List.copyOf(stepindex);
    indexArguments = List.copyOf(indexArguments);
    resources = List.copyOf(resources);
    taskResources = List.copyOf(taskResources);
  }

  /** The job array's script. */
  String array() {
    List<String> command = new ArrayList<>(stepindex);
    command.addAll(List.of("index", "--index", index.toString()));
    command.addAll(indexArguments);
    command.addAll(List.of("--tasks", Integer.toString(tasks)));
    boolean threadsGiven = indexArguments.contains("--threads");
    StringBuilder out =
        header(
            "stepindex-index",
            "index-%A_%a.out",
            "Task $SLURM_ARRAY_TASK_ID of "
                + tasks
                + " builds its share of the shards of "
                + index
                + " (stepindex index --task I --tasks N);",
            "a task that is resubmitted finishes its share and keeps what it built.");
    out.append("#SBATCH --array=0-").append(tasks - 1).append('\n');
    for (String option : taskResources) {
      out.append("#SBATCH ").append(option).append('\n');
    }
    out.append(body()).append("exec ").append(words(command));
    if (!threadsGiven) {
      out.append(" --threads \"${SLURM_CPUS_PER_TASK:-1}\"");
    }
    return out.append(" --quiet\n").toString();
  }

  /** The merge job's script. */
  String merge() {
    List<String> command = new ArrayList<>(stepindex);
    command.addAll(List.of("index", "--index", index.toString(), "--merge"));
    return header(
            "stepindex-merge",
            "merge-%j.out",
            "Checks every task's shards of "
                + index
                + ", publishes one manifest and the term statistics table,",
            "or names the tasks still missing. Submit it with --dependency=afterok:ARRAYJOB.")
        .append(body())
        .append("exec ")
        .append(words(command))
        .append('\n')
        .toString();
  }

  /** The shell lines that submit both, the merge waiting for every task of the array to succeed. */
  String submitCommands(Path arrayScript, Path mergeScript) {
    return "jobid=$(sbatch --parsable "
        + quote(arrayScript.toString())
        + ") && sbatch --dependency=afterok:${jobid%%;*} "
        + quote(mergeScript.toString());
  }

  private StringBuilder header(String jobName, String output, String... about) {
    StringBuilder out = new StringBuilder("#!/bin/bash\n# Written by stepindex slurm.\n");
    for (String line : about) {
      out.append("# ").append(line).append('\n');
    }
    out.append("#SBATCH --job-name=").append(jobName).append('\n');
    out.append("#SBATCH --output=").append(logs.resolve(output)).append('\n');
    for (String option : resources) {
      out.append("#SBATCH ").append(option).append('\n');
    }
    return out;
  }

  private String body() {
    return "set -euo pipefail\ncd " + quote(workDir.toString()) + "\n";
  }

  private static String words(List<String> words) {
    List<String> quoted = new ArrayList<>();
    for (String word : words) {
      quoted.add(quote(word));
    }
    return String.join(" ", quoted);
  }

  /** A word for bash: in single quotes, a single quote inside written as {@code '\''}. */
  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
