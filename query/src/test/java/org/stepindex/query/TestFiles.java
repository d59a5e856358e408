package org.stepindex.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** File helpers shared by the query module's tests. */
public final class TestFiles {
  private TestFiles() {}

  /**
   * Copies the tree at {@code from} to {@code to} (which must not exist), files and directories;
   * returns {@code to}.
   */
  public static Path copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.sorted().toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }
}
