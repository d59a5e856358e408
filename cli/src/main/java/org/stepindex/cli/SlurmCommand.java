package org.stepindex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.StepIndexException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code stepindex slurm}: writes the sbatch scripts of a cluster build and prints how to submit
 * them.
 */
@Command(
    name = "slurm",
    mixinStandardHelpOptions = true,
    description = {
      "Write the two sbatch scripts that build an index on a Slurm cluster: a job array of N tasks, task I building"
          + " its share of the shards (stepindex index ... --task I --tasks N) into the shared --index directory,"
          + " and a merge job (stepindex index --index DIR --merge) that checks every task's shards and publishes"
          + " one manifest. Prints the sbatch commands that submit both, the merge after the whole array succeeds.",
      "Every option this command does not know is an index argument (--data, --tokenizer, --views, --order and"
          + " its maps, ...), checked here and passed to every task. A task killed or pre-empted can be resubmitted"
          + " (sbatch --array=I SCRIPT): it finishes its share and keeps what it built.",
    },
    footer = {
      "",
      "Example:",
      "  stepindex slurm --index /shared/pile.idx --data /shared/pile/ --tokenizer 20B.json --views text \\",
      "      --tasks 64 --partition cpu --time 2:00:00 --cpus-per-task 4 --mem 8G"
    })
final class SlurmCommand implements Callable<Integer> {
  @Option(
      names = "--index",
      required = true,
      paramLabel = "DIR",
      description = "The index directory, on storage every node sees.")
  Path index;

  @Option(
      names = "--tasks",
      required = true,
      paramLabel = "N",
      description = "Tasks in the job array.")
  int tasks;

  @Option(names = "--partition", paramLabel = "P", description = "Slurm partition of both jobs.")
  String partition;

  @Option(
      names = "--time",
      paramLabel = "T",
      description = "Time limit of each job, as sbatch takes it (e.g. 2:00:00).")
  String time;

  @Option(
      names = "--cpus-per-task",
      paramLabel = "C",
      description = "CPUs of each task; its shards build on that many threads.")
  Integer cpusPerTask;

  @Option(
      names = "--mem",
      paramLabel = "M",
      description =
          "Memory of each task, as sbatch takes it (e.g. 8G; a build needs about 1 GB of heap).")
  String mem;

  @Option(
      names = "--scripts",
      paramLabel = "DIR",
      description =
          "Where to write the scripts and the jobs' logs (default: INDEX.slurm beside the index).")
  Path scripts;

  @Unmatched List<String> indexArguments = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (tasks < 1) {
      throw new StepIndexException(
          "--tasks " + tasks + " is not valid; give the number of tasks, at least 1");
    }
    checkIndexArguments();
    Path indexDir = index.toAbsolutePath().normalize();
    Path dir =
        (scripts != null ? scripts : indexDir.resolveSibling(indexDir.getFileName() + ".slurm"))
            .toAbsolutePath()
            .normalize();
    List<String> shared = new ArrayList<>();
    add(shared, "--partition", partition);
    add(shared, "--time", time);
    List<String> perTask = new ArrayList<>();
    add(perTask, "--cpus-per-task", cpusPerTask == null ? null : cpusPerTask.toString());
    add(perTask, "--mem", mem);
    SlurmScripts written =
        new SlurmScripts(
            stepindexCommand(),
            Path.of("").toAbsolutePath(),
            indexDir,
            indexArguments,
            tasks,
            shared,
            perTask,
            dir.resolve("logs"));
    Files.createDirectories(dir.resolve("logs"));
    Path array = write(dir.resolve(SlurmScripts.ARRAY), written.array());
    Path merge = write(dir.resolve(SlurmScripts.MERGE), written.merge());
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "wrote %s (a job array of %d tasks) and %s (the merge); submit both with:%n",
        array,
        tasks,
        merge);
    out.println("  " + written.submitCommands(array, merge));
    return 0;
  }

  /**
   * Parses the index arguments as {@code index} would, so a typo is found here rather than on 64
   * nodes.
   */
  private void checkIndexArguments() {
    for (String forbidden :
        List.of(
            "--index",
            "--task",
            "--tasks",
            "--merge",
            "--add-view",
            "--entities",
            "--entity-pairs")) {
      if (indexArguments.contains(forbidden)) {
        throw new StepIndexException(
            forbidden
                + " does not belong among the index arguments of a cluster build"
                + (forbidden.startsWith("--ent") || forbidden.equals("--add-view")
                    ? "; add views after the merge (stepindex index --index DIR --add-view ...)"
                    : ""));
      }
    }
    List<String> args = new ArrayList<>(List.of("--index", index.toString()));
    args.addAll(indexArguments);
    CommandLine parser = new CommandLine(new IndexCommand());
    try {
      CommandLine.ParseResult parsed = parser.parseArgs(args.toArray(String[]::new));
      if (!parsed.hasMatchedOption("--data") || !parsed.hasMatchedOption("--tokenizer")) {
        throw new StepIndexException(
            "a cluster build needs --data PATH and --tokenizer FILE among its index arguments");
      }
    } catch (CommandLine.ParameterException e) {
      throw new StepIndexException("the index arguments are not valid: " + e.getMessage());
    }
  }

  private static void add(List<String> options, String name, String value) {
    if (value != null) {
      options.add(name + "=" + value);
    }
  }

  /**
   * How a node runs stepindex: the launcher this process was started by ({@code
   * STEPINDEX_LAUNCHER}, which the {@code stepindex} script sets), else this JVM with this class
   * path.
   */
  private static List<String> stepindexCommand() {
    String launcher = System.getenv("STEPINDEX_LAUNCHER");
    if (launcher != null && !launcher.isBlank()) {
      return List.of(launcher);
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    return List.of(
        java,
        "--enable-native-access=ALL-UNNAMED",
        "-cp",
        System.getProperty("java.class.path"),
        Main.class.getName());
  }

  private static Path write(Path file, String text) throws IOException {
    AtomicFiles.write(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: sbatch reads the script, it need not be executable
    }
    return file;
  }
}
