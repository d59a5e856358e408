package org.stepindex.indexer.base;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * File operations that never leave half-written results behind: write aside, then rename into
 * place.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code bytes} to a temporary sibling of {@code target}, forces it to disk, then renames
   * it over target: readers see the old file or the whole new one, also after a crash.
   */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, bytes, true);
  }

  /**
   * As {@link #write} but without forcing the data to disk first: cheaper, and after a crash the
   * file may be empty or damaged. For caches whose readers verify what they read.
   */
  public static void writeUnforced(Path target, byte[] bytes) throws IOException {
    write(target, bytes, false);
  }

  private static void write(Path target, byte[] bytes, boolean force) throws IOException {
    Path tmp = TempFiles.besides(target);
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        if (force) {
          channel.force(true);
        }
      }
      move(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Renames {@code source} to {@code target} atomically where the file system allows, replacing
   * target.
   */
  public static void move(Path source, Path target) throws IOException {
    try {
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes a file or a directory tree if it exists. */
  public static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
