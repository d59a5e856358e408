package org.stepindex.query.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@link Build} in its own JVM, so that a test can kill it with SIGKILL at an arbitrary
 * moment, as a user's {@code kill -9} or an out-of-memory killer would: no shutdown hooks, no
 * {@code finally} blocks, no cleanup.
 */
public final class ChildBuild {
  private ChildBuild() {}

  /**
   * The child's entry point: {@code args} are {@link Build#args()}; prints {@code built N} (shards
   * it built).
   */
  public static void main(String[] args) {
    System.out.println("built " + Build.parse(args).run().shardsBuilt());
  }

  /**
   * Starts {@code build} in a new JVM on this JVM's class path, its output going to {@code log}.
   */
  static Process start(Build build, Path log) throws IOException {
    return start(ChildBuild.class, build.args(), log);
  }

  /**
   * Starts {@code main(args)} in a new JVM on this JVM's class path, its output going to {@code
   * log}.
   */
  static Process start(Class<?> main, List<String> args, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(List.of("-Xmx512m", "--enable-native-access=ALL-UNNAMED"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Kills {@code child} with SIGKILL and waits until it is gone. */
  static void kill(Process child) throws InterruptedException {
    child.destroyForcibly();
    child.waitFor();
  }
}
