package org.stepindex.bench.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Drops files from the operating system's page cache ({@code posix_fadvise(POSIX_FADV_DONTNEED)},
 * no privileges needed), so that the next read of them goes to the disk: how a query meets an index
 * too large to stay cached, as the Pile's is. Linux drops only clean pages that no process has
 * mapped, so the index must be closed while it is evicted.
 */
final class PageCache {
  private static final int O_RDONLY = 0;
  private static final int POSIX_FADV_DONTNEED = 4;
  private static final MethodHandle OPEN;
  private static final MethodHandle FADVISE;
  private static final MethodHandle CLOSE;

  static {
    MethodHandle open = null;
    MethodHandle fadvise = null;
    MethodHandle close = null;
    try {
      Linker linker = Linker.nativeLinker();
      SymbolLookup libc = linker.defaultLookup();
      open =
          linker.downcallHandle(
              libc.find("open").orElseThrow(),
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
              Linker.Option.firstVariadicArg(2));
      fadvise =
          linker.downcallHandle(
              libc.find("posix_fadvise").orElseThrow(),
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_LONG,
                  ValueLayout.JAVA_LONG,
                  ValueLayout.JAVA_INT));
      close =
          linker.downcallHandle(
              libc.find("close").orElseThrow(),
              FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    } catch (RuntimeException | LinkageError e) {
      open = null; // not Linux, or native access refused: the bench then says so and skips the disk
      // rows
    }
    OPEN = open;
    FADVISE = fadvise;
    CLOSE = close;
  }

  private PageCache() {}

  /** Whether files can be dropped from the page cache here. */
  static boolean available() {
    return OPEN != null;
  }

  /**
   * Drops every regular file under {@code dir} from the page cache; returns how many files were
   * dropped.
   */
  static int evict(Path dir) {
    int files = 0;
    try (Arena arena = Arena.ofConfined();
        Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        int fd = (int) OPEN.invokeExact(arena.allocateFrom(file.toString()), O_RDONLY);
        if (fd < 0) {
          continue; // vanished or unreadable: nothing of it to drop
        }
        try {
          int unused = (int) FADVISE.invokeExact(fd, 0L, 0L, POSIX_FADV_DONTNEED);
          files++;
        } finally {
          int unused = (int) CLOSE.invokeExact(fd);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot drop " + dir + " from the page cache: " + e, e);
    }
    return files;
  }
}
