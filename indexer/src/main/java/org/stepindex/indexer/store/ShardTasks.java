package org.stepindex.indexer.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Shard-parallel work for the writers of an index ({@link ShardPipeline}): one task per shard on a
 * pool, the first failure cancelling the rest. Cancelling never interrupts a running task (an
 * interrupted thread's file channels would close under it, claims and Lucene files included);
 * running tasks see the shared flag instead.
 */
final class ShardTasks {
  private ShardTasks() {}

  /** One unit of parallel work on a shard. */
  @FunctionalInterface
  interface Task {
    void run(ShardInfo shard) throws IOException;
  }

  /**
   * Runs {@code task} on each shard in {@code pool} and waits for all; the first failure sets
   * {@code cancelled}, cancels the queued tasks and is rethrown (an I/O error as a one-line {@link
   * StepIndexException}).
   */
  static void runAll(
      ExecutorService pool, Path dir, AtomicBoolean cancelled, List<ShardInfo> shards, Task task) {
    List<Future<?>> futures = new ArrayList<>();
    for (ShardInfo shard : shards) {
      futures.add(
          pool.submit(
              () -> {
                task.run(shard);
                return null;
              }));
    }
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (ExecutionException e) {
        cancel(futures, cancelled);
        throw rethrow(e.getCause());
      } catch (InterruptedException e) {
        cancel(futures, cancelled);
        Thread.currentThread().interrupt();
        throw new StepIndexException("interrupted while building " + dir);
      }
    }
  }

  /**
   * Waits up to a minute for a shut-down pool's running tasks to notice the cancel flag and end.
   */
  static void awaitQuietly(ExecutorService pool) {
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void cancel(List<Future<?>> futures, AtomicBoolean cancelled) {
    cancelled.set(true);
    futures.forEach(f -> f.cancel(false));
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    if (cause instanceof IOException io) {
      return new StepIndexException("I/O error while building the index: " + io.getMessage(), io);
    }
    return new IllegalStateException(cause);
  }
}
