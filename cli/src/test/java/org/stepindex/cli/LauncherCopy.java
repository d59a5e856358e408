package org.stepindex.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The launcher ({@code ./stepindex}) run for real by tests before the CLI's jar exists (the tests
 * of a module run before it is packaged): a copy of the script and {@code bin/find-jdk.sh} in a
 * directory of its own, with {@code cli/target/stepindex-cli.jar} made from the CLI's compiled
 * classes and {@code cli/target/lib} linking the test's class path, so the script finds a built
 * CLI, never builds, and runs the JVM running the tests (its {@code java.home} as {@code
 * JAVA_HOME}) without the start-up cache ({@code STEPINDEX_AOT=off}).
 */
final class LauncherCopy {
  /** What one run printed, byte for byte, and its exit status. */
  record Run(int exit, byte[] out, byte[] err) {
    String outText() {
      return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }

    String errText() {
      return new String(err, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + outText() + "--- stderr\n" + errText();
    }
  }

  final Path root;
  final Path script;

  private LauncherCopy(Path root) {
    this.root = root;
    this.script = root.resolve("stepindex");
  }

  /** Makes the copy in {@code dir}. */
  static LauncherCopy in(Path dir) throws IOException {
    Path repository = ChildProcess.repositoryRoot();
    Files.createDirectories(dir.resolve("bin"));
    Files.copy(
        repository.resolve("stepindex"),
        dir.resolve("stepindex"),
        StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(repository.resolve("bin/find-jdk.sh"), dir.resolve("bin/find-jdk.sh"));
    Path target = Files.createDirectories(dir.resolve("cli/target/lib"));
    int directories = 0;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath();
      if (path.endsWith(Path.of("cli", "target", "classes"))) {
        jar(path, dir.resolve("cli/target/stepindex-cli.jar"));
      } else if (Files.isDirectory(path)) {
        if (!path.getFileName().toString().equals("test-classes")) {
          jar(
              path,
              target.resolve(
                  "classes-" + directories++ + ".jar")); // a module's classes, run from an IDE
        }
      } else if (path.toString().endsWith(".jar")) {
        Files.createSymbolicLink(target.resolve(path.getFileName()), path);
      }
    }
    if (!Files.isRegularFile(dir.resolve("cli/target/stepindex-cli.jar"))) {
      throw new AssertionError(
          "no cli/target/classes on the class path: " + System.getProperty("java.class.path"));
    }
    return new LauncherCopy(dir);
  }

  private static void jar(Path classes, Path jar) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
  }

  /** Runs the launcher in {@code cwd} with {@code env} added, stdin empty. */
  Run run(Path cwd, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
    Map<String, String> environment = builder.environment();
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put("STEPINDEX_AOT", "off");
    environment.remove("STEPINDEX_SERVER");
    environment.remove("STEPINDEX_PHASES");
    environment.remove("STEPINDEX_DEBUG");
    environment.putAll(env);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<byte[]> err =
          CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      byte[] out = read(process.getInputStream());
      if (!process.waitFor(300, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      return new Run(process.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** {@link #run(Path, Map, String...)} with {@code env} given as pairs. */
  Run run(Path cwd, String[] env, String... args) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < env.length; i += 2) {
      map.put(env[i], env[i + 1]);
    }
    return run(cwd, map, args);
  }

  private static byte[] read(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies {@code from} to {@code to} (a directory tree). */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
