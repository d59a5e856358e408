package org.stepindex.indexer.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.stepindex.indexer.base.AtomicFiles;

/**
 * The shard planner, worker and publisher of every writer of an index ({@link IndexBuilder}, {@link
 * ViewAdder}): it plans what the manifest lacks of a {@link ShardTarget} ({@link #plan}), builds a
 * plan on a pool of writers ({@link #build}), each shard claimed ({@link ShardClaims}) and written
 * by a {@link ShardWork} into a temporary directory, and publishes each finished shard by a rename
 * and a manifest change under the {@link IndexLock}.
 *
 * <p>Several writers (threads, processes, cluster tasks on shared storage) may work on one index at
 * once: a shard another writer has claimed is waited for, and built here only if that writer dies
 * before publishing it; a shard published twice (see {@link ShardClaims}) keeps the first copy. So
 * after a {@code kill -9} at any moment the manifest lists only whole shards, and the next run's
 * {@link #removeDebris} and {@link #buildMissing} make the index an uninterrupted run makes.
 */
final class ShardPipeline {
  /**
   * Planning passes before a build that keeps finding new gaps is a bug rather than a busy
   * neighbour.
   */
  private static final int MAX_PASSES = 64;

  private static final long CLAIM_POLL_MILLIS = 100;

  private final Path dir;
  private final ShardTarget target;
  private final ShardClaims claims;
  private final List<ShardInfo> published = new ArrayList<>();

  /**
   * A pipeline into the index in {@code dir}.
   *
   * @param dir the index directory
   * @param target what is built there
   */
  ShardPipeline(Path dir, ShardTarget target) {
    this.dir = dir;
    this.target = target;
    this.claims = new ShardClaims(dir);
  }

  /** What {@code manifest} lacks of the target, largest first. */
  ShardPlan plan(Manifest manifest) {
    return ShardPlan.largestFirst(target.missing(manifest));
  }

  /**
   * Builds what the target lacks, reporting the first plan (against {@code first}) to {@code
   * progress}. Another writer may publish shards meanwhile, or shards cut at other steps (an
   * overlapping range): each pass plans again against the manifest on disk, until nothing is
   * missing.
   *
   * @param first the manifest to plan the first pass against
   * @param threads the most shards written at once
   * @param work writes one shard
   * @param progress what the run reports
   */
  void buildMissing(Manifest first, int threads, ShardWork work, BuildProgress progress) {
    ShardPlan plan = plan(first);
    progress.plan(plan.sequences(), plan.tokens(), plan.size());
    for (int pass = 0; !plan.isEmpty(); pass++) {
      if (pass > MAX_PASSES) {
        throw new IllegalStateException(
            "the build of " + dir + " did not converge: " + plan.shards());
      }
      build(plan, threads, work, progress);
      plan = plan(Manifest.read(dir));
    }
  }

  /**
   * One pass over {@code plan}: first the shards no other writer has claimed, in the plan's order;
   * then, for the others, waits for their writers and takes over any shard left unfinished. The
   * first failure cancels the rest and is rethrown (see {@link ShardTasks}).
   *
   * @param plan the shards to build
   * @param threads the most shards written at once
   * @param work writes one shard
   * @param progress what the run reports
   */
  void build(ShardPlan plan, int threads, ShardWork work, BuildProgress progress) {
    List<ShardInfo> claimedElsewhere = Collections.synchronizedList(new ArrayList<>());
    onPool(
        dir,
        plan,
        threads,
        (pool, cancelled) -> {
          ShardTasks.runAll(
              pool,
              dir,
              cancelled,
              plan.shards(),
              shard -> {
                if (!tryBuild(shard, work, cancelled::get, progress)) {
                  claimedElsewhere.add(shard);
                }
              });
          ShardTasks.runAll(
              pool,
              dir,
              cancelled,
              List.copyOf(claimedElsewhere),
              shard -> awaitOrBuild(shard, work, cancelled, progress));
        });
  }

  /**
   * Builds {@code plan} for a writer that owns its shards alone, with no claims and no index lock
   * (a cluster task's share: tasks write disjoint shards, and a shared file system may have no
   * working locks): each shard is written aside into {@code parent} as {@link #build} writes it and
   * handed to {@code publisher}.
   *
   * @param dir the index directory
   * @param parent where the shards are published (their temporary directories are made beside them)
   * @param plan the shards to build
   * @param threads the most shards written at once
   * @param work writes one shard
   * @param publisher moves a finished shard into place and records it
   * @param progress what the run reports
   */
  static void buildOwned(
      Path dir,
      Path parent,
      ShardPlan plan,
      int threads,
      ShardWork work,
      Publisher publisher,
      BuildProgress progress) {
    onPool(
        dir,
        plan,
        threads,
        (pool, cancelled) ->
            ShardTasks.runAll(
                pool,
                dir,
                cancelled,
                plan.shards(),
                shard -> {
                  if (writeAside(parent, shard, work, cancelled::get, publisher)) {
                    progress.shardDone();
                  }
                }));
  }

  /**
   * Moves a finished shard from its temporary directory into place and records it; returns whether
   * it did.
   */
  @FunctionalInterface
  interface Publisher {
    boolean publish(ShardInfo shard, Path tmp) throws IOException;
  }

  /** What runs on a pool of writers, cancelled through the flag it is given. */
  @FunctionalInterface
  private interface PoolWork {
    void run(ExecutorService pool, AtomicBoolean cancelled);
  }

  /**
   * Runs {@code work} on a pool of at most {@code threads} writers (no more than the plan's
   * shards).
   */
  private static void onPool(Path dir, ShardPlan plan, int threads, PoolWork work) {
    if (plan.isEmpty()) {
      return;
    }
    AtomicBoolean cancelled = new AtomicBoolean();
    int writers = Math.min(Math.max(1, threads), plan.size());
    ExecutorService pool =
        Executors.newFixedThreadPool(writers, Thread.ofPlatform().daemon().factory());
    try {
      work.run(pool, cancelled);
    } finally {
      // No interrupts: an interrupted thread's file channels close under it (claims, Lucene files);
      // running
      // writers see the flag instead, queued tasks were cancelled.
      cancelled.set(true);
      pool.shutdown();
      ShardTasks.awaitQuietly(pool);
    }
  }

  /** The shards this pipeline has published, in the order it published them. */
  synchronized List<ShardInfo> published() {
    return List.copyOf(published);
  }

  /**
   * Removes what killed writers left of the target, the caller holding the {@link IndexLock}: free
   * claim files of the target (a writer killed after publishing a shard, before releasing its
   * claim, leaves one), and entries of {@link ShardTarget#parent()} that {@code manifest} does not
   * account for and no live writer claims (temporary directories, and shards renamed into place by
   * a writer killed before it could list them).
   */
  void removeDebris(Manifest manifest) throws IOException {
    Path parent = target.parent();
    Files.createDirectories(parent);
    claims.removeFree(target.claim(""));
    Set<String> kept = target.kept(manifest);
    try (Stream<Path> entries = Files.list(parent)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (kept.contains(name) || IndexLayout.isClaim(entry)) {
          continue;
        }
        try (ShardClaims.Claim claim = claims.tryClaim(target.claim(IndexLayout.shardOf(name)))) {
          if (claim != null) {
            AtomicFiles.deleteTree(entry); // a killed writer's; a live one holds its claim
          }
        }
      }
    }
  }

  /**
   * Builds and publishes {@code shard} if this writer can claim it; returns false when another
   * writer holds the claim. A shard published meanwhile by another writer is left as it is.
   */
  private boolean tryBuild(
      ShardInfo shard, ShardWork work, BooleanSupplier cancelled, BuildProgress progress)
      throws IOException {
    try (ShardClaims.Claim claim = claims.tryClaim(target.claim(shard.name()))) {
      if (claim == null) {
        return false;
      }
      if (!target.isPublished(Manifest.read(dir), shard)
          && writeAside(target.parent(), shard, work, cancelled, this::publish)) {
        progress.shardDone();
      }
      return true;
    }
  }

  /**
   * Waits while another writer holds the claim on {@code shard}; once it is free, the shard is
   * either published (the other writer finished it) or was abandoned by a killed writer, and then
   * this one builds it.
   */
  private void awaitOrBuild(
      ShardInfo shard, ShardWork work, AtomicBoolean cancelled, BuildProgress progress)
      throws IOException {
    while (!cancelled.get() && !tryBuild(shard, work, cancelled::get, progress)) {
      try {
        Thread.sleep(CLAIM_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * The writers' discipline for one shard, the caller holding its claim: writes it into its
   * temporary directory (a killed writer's leftover there is removed first), then, unless the run
   * was cancelled, publishes it; the temporary directory is gone afterwards whatever happens.
   * Returns whether it was published.
   */
  private static boolean writeAside(
      Path parent, ShardInfo shard, ShardWork work, BooleanSupplier cancelled, Publisher publisher)
      throws IOException {
    Path tmp = IndexLayout.temporary(parent, shard.name());
    AtomicFiles.deleteTree(tmp);
    Files.createDirectories(tmp);
    try {
      return work.write(shard, tmp, cancelled) && publisher.publish(shard, tmp);
    } finally {
      AtomicFiles.deleteTree(tmp);
    }
  }

  /**
   * Renames the finished shard into place and lists it in the manifest as it is on disk now, under
   * the lock.
   */
  private boolean publish(ShardInfo shard, Path tmp) throws IOException {
    try (IndexLock lock = IndexLock.acquire(dir)) {
      Manifest current = Manifest.read(dir);
      if (target.isPublished(current, shard)) {
        return false; // built twice (see ShardClaims): the published copy stays, this one is
        // discarded
      }
      Path finalDir = target.directory(shard.name());
      AtomicFiles.deleteTree(
          finalDir); // unlisted, so debris of a writer killed between rename and manifest
      Files.move(tmp, finalDir);
      synchronized (this) {
        published.add(shard);
      }
      target.withPublished(current, shard).write(dir);
      return true;
    }
  }
}
