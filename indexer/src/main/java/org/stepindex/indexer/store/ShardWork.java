package org.stepindex.indexer.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * The work a writer does for one shard of a {@link ShardPlan}: write it (the shard, or a view's
 * side index of it) into a new directory. Where the directory comes from and what becomes of it is
 * the {@link ShardPipeline}'s business.
 */
@FunctionalInterface
interface ShardWork {
  /**
   * Writes {@code shard} into {@code dir}, a new, empty directory.
   *
   * @param shard the shard
   * @param dir where to write it
   * @param cancelled true once the run is cancelled: the work then stops early
   * @return false if it stopped before the shard was complete (the directory is then garbage)
   * @throws IOException when writing fails
   */
  boolean write(ShardInfo shard, Path dir, BooleanSupplier cancelled) throws IOException;
}
