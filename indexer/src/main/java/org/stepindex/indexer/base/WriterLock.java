package org.stepindex.indexer.base;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The lock of a command that must be the only writer of its output directory for its whole run (a
 * training run into {@code --out DIR}): {@code DIR/.writer.lock}, an operating-system lock holding
 * the writer's process id. A second writer is refused at once, before it touches anything, with one
 * line naming the holder; the lock of a killed writer is released by the operating system, so the
 * next run simply takes it.
 */
public final class WriterLock implements AutoCloseable {
  /** The lock file's name inside the directory. */
  public static final String FILE_NAME = ".writer.lock";

  private final LockFile lock;

  private WriterLock(LockFile lock) {
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code dir} (created if absent) for {@code command} (e.g. {@code train}).
   *
   * @throws StepIndexException when another writer holds it
   */
  public static WriterLock acquire(Path dir, String command) {
    Path file = dir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
      LockFile lock = LockFile.tryLock(file);
      if (lock == null) {
        OptionalLong pid = LockFile.holderPid(file);
        throw new StepIndexException(
            "another stepindex "
                + command
                + (pid.isPresent() ? " (pid " + pid.getAsLong() + ")" : "")
                + " is writing "
                + dir
                + "; wait for it or stop it");
      }
      lock.writePid();
      return new WriterLock(lock);
    } catch (IOException e) {
      throw new StepIndexException("cannot lock " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      lock.close();
    } catch (IOException e) {
      // The lock dies with the channel.
    }
  }
}
