package org.stepindex.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stepindex.indexer.base.StepIndexException;

/**
 * {@code stepindex serve --background}: the same server started as a process of its own (the same
 * JVM, flags and class path as this one), in a session of its own where {@code setsid} exists so
 * that closing the terminal or Ctrl-C in it does not stop it, with its output in a log file;
 * returns once it answers (its ready lines printed) or, when it fails to start, with its message
 * and status.
 */
final class BackgroundServer {
  /** How often the log is read while the server starts. */
  private static final long POLL_MILLIS = 50;

  private final List<String> args;
  private final int indexes;
  private final PrintWriter out;
  private final PrintWriter err;

  /**
   * @param args the server's command line ({@code serve ...}, without {@code --background})
   * @param indexes how many indexes it serves: it prints a ready line for each
   */
  BackgroundServer(List<String> args, int indexes, PrintWriter out, PrintWriter err) {
    this.args = args;
    this.indexes = indexes;
    this.out = out;
    this.err = err;
  }

  int start() throws IOException, InterruptedException {
    Path log = Files.createTempFile("stepindex-serve-", ".log");
    List<String> command = new ArrayList<>();
    if (new File("/usr/bin/setsid").canExecute()) {
      command.add("/usr/bin/setsid");
    }
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(log.toFile())
            .redirectErrorStream(true)
            .start();
    Charset charset =
        Charset.forName(
            System.getProperty("stdout.encoding", System.getProperty("native.encoding")));
    while (true) {
      boolean exited = !process.isAlive();
      List<String> lines = Files.readAllLines(log, charset);
      List<String> ready = lines.stream().filter(line -> line.startsWith("serving ")).toList();
      if (ready.size() >= indexes && !exited && complete(log)) {
        ready.forEach(out::println);
        out.println(
            "stepindex serve: running in the background as process "
                + process.pid()
                + " (stop it with kill "
                + process.pid()
                + "); its log: "
                + log);
        out.flush();
        return 0;
      }
      if (exited) {
        lines.forEach(err::println);
        err.flush();
        Files.deleteIfExists(log);
        int status = process.exitValue();
        if (status == 0) {
          throw new StepIndexException("the background server stopped before it answered");
        }
        return status;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /**
   * Whether the log ends with a whole line (the ready lines are printed together and then flushed).
   */
  private static boolean complete(Path log) throws IOException {
    byte[] bytes = Files.readAllBytes(log);
    return bytes.length > 0 && bytes[bytes.length - 1] == '\n';
  }
}
