package org.stepindex.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A child process run to completion, both streams captured: for what only a real process shows (the
 * exit status {@code System.exit} gives, what libraries print straight to the JVM's stderr, the
 * shell scripts).
 *
 * @param exit the exit status
 * @param out its stdout
 * @param err its stderr
 */
record ChildProcess(int exit, String out, String err) {
  /**
   * Runs {@code command} in the repository root with {@code env} added to this JVM's environment.
   */
  static ChildProcess run(Map<String, String> env, List<String> command) {
    return run(env, command, repositoryRoot(), 60);
  }

  /**
   * Runs {@code command} in {@code dir} with {@code env} added to this JVM's environment, failing
   * the test if it takes longer than {@code timeoutSeconds}; a program that cannot be started exits
   * 127, saying why on stderr.
   */
  static ChildProcess run(
      Map<String, String> env, List<String> command, Path dir, long timeoutSeconds) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<String> err =
          CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      String out = read(process.getInputStream());
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command);
      }
      return new ChildProcess(process.exitValue(), out, err.join());
    } catch (IOException e) {
      if (!Files.isDirectory(dir)) {
        throw new UncheckedIOException(e);
      }
      return new ChildProcess(127, "", "cannot run " + command.getFirst() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The checkout's root: the first directory up from the working directory (the module's) holding
   * the launcher.
   */
  static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("bin").resolve("find-jdk.sh"))) {
        return dir;
      }
    }
    throw new AssertionError("no bin/find-jdk.sh above " + Path.of("").toAbsolutePath());
  }
}
