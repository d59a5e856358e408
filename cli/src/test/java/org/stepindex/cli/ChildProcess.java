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
 * A child process run to completion, both streams captured: for what only a real process shows (the exit status
 * {@code System.exit} gives, what libraries print straight to the JVM's stderr, the shell scripts).
 *
 * @param exit the exit status
 * @param out its stdout
 * @param err its stderr
 */
record ChildProcess(int exit, String out, String err) {
  /** Runs {@code command} in the repository root with {@code env} added to this JVM's environment. */
  static ChildProcess run(Map<String, String> env, List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(repositoryRoot().toFile());
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      String out = read(process.getInputStream());
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      return new ChildProcess(process.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

  /** The checkout's root: the first directory up from the working directory (the module's) holding the launcher. */
  static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("bin").resolve("find-jdk.sh"))) {
        return dir;
      }
    }
    throw new AssertionError("no bin/find-jdk.sh above " + Path.of("").toAbsolutePath());
  }
}
