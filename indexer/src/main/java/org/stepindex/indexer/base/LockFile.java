package org.stepindex.indexer.base;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * An operating-system lock on a file ({@link FileChannel#tryLock}), held by one process and, inside
 * it, by one holder.
 *
 * <p>The lock dies with its process: a {@code kill -9} releases it, so a lock file left behind by a
 * killed run is simply free again, never "stale". A held lock also stands for this process's other
 * holders: the JVM refuses a second lock on a file it already locks, which is reported here as
 * "held" like another process's lock.
 *
 * <p>A lock file deleted by its holder ({@link #deleteAndRelease}) may still be locked afterwards
 * by a process that opened it before the deletion, while a third locks the new file at the same
 * path: two holders. Callers therefore use these locks to share work, never as the only guard of a
 * result (a shard claimed twice is published once: the index's manifest is checked again under its
 * own lock).
 */
public final class LockFile implements AutoCloseable {
  private static final long POLL_MILLIS = 20;

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private LockFile(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code path} (created if absent) if no one holds it; null if another process or holder
   * does.
   */
  public static LockFile tryLock(Path path) throws IOException {
    FileChannel channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      return null;
    }
    return new LockFile(path, channel, lock);
  }

  /** Locks {@code path}, waiting while someone else holds it; for locks that are held briefly. */
  public static LockFile lock(Path path) throws IOException {
    while (true) {
      LockFile lock = tryLock(path);
      if (lock != null) {
        return lock;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the lock " + path, e);
      }
    }
  }

  /**
   * Replaces the file's content with this process's id, for {@link #holderPid} to tell who holds
   * it.
   */
  public void writePid() throws IOException {
    channel.truncate(0);
    channel.write(
        ByteBuffer.wrap(
            Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)),
        0);
    channel.force(false);
  }

  /** The process id a holder wrote into {@code path}, if any. */
  public static OptionalLong holderPid(Path path) {
    try {
      String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
      return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Deletes the lock file, then releases the lock (see the class comment for why that order is
   * safe).
   */
  public void deleteAndRelease() throws IOException {
    try {
      Files.deleteIfExists(path);
    } finally {
      close();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
