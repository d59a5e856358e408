package org.stepindex.indexer.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.stepindex.indexer.base.LockFile;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The short lock under which writers change an index's manifest and its set of published shards:
 * {@code DIR/.lock}.
 *
 * <p>Every change is read-modify-write under this lock: the manifest is read again (another writer
 * may have added shards since this one last looked), changed, and replaced atomically ({@link
 * Manifest#write}). So two writers' shards both end up in it, and a reader, who never takes this
 * lock, always reads a whole manifest, the one before or the one after a change. The lock is held
 * for milliseconds (a rename and a manifest write), never while a shard is built; a killed holder's
 * lock is released by the operating system.
 */
public final class IndexLock implements AutoCloseable {
  /** The lock file's name inside an index directory, as {@link IndexLayout#LOCK} names it. */
  public static final String FILE_NAME = IndexLayout.LOCK;

  private final LockFile lock;

  private IndexLock(LockFile lock) {
    this.lock = lock;
  }

  /**
   * Takes the lock of the index in {@code indexDir} (which must exist), waiting while another
   * writer holds it.
   */
  public static IndexLock acquire(Path indexDir) {
    try {
      return new IndexLock(LockFile.lock(IndexLayout.of(indexDir).lock()));
    } catch (IOException e) {
      throw new StepIndexException("cannot lock index " + indexDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the manifest under the lock, applies {@code change} and writes the result (unless it is
   * the same manifest); returns the manifest now on disk.
   */
  public static Manifest update(Path indexDir, UnaryOperator<Manifest> change) {
    try (IndexLock ignored = acquire(indexDir)) {
      Manifest current = Manifest.read(indexDir);
      Manifest changed = change.apply(current);
      if (!changed.equals(current)) {
        changed.write(indexDir);
      }
      return changed;
    }
  }

  @Override
  public void close() {
    try {
      lock.close();
    } catch (IOException e) {
      // The lock dies with the channel; closing a lock file cannot lose data.
    }
  }
}
