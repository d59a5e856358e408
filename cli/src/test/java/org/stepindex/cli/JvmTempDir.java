package org.stepindex.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary directory that lives as long as the test JVM, for what several test classes share.
 */
final class JvmTempDir {
  private JvmTempDir() {}

  /** A new temporary directory, deleted with everything in it when the JVM exits. */
  static Path create(String prefix) {
    try {
      Path root = Files.createTempDirectory(prefix);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at JVM exit: a leftover temp directory is harmless
    }
  }
}
