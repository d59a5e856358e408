package org.stepindex.indexer.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What a {@link ShardPipeline} builds and how the manifest lists it: the index's own shards of a
 * step range ({@link IndexBuilder}), or an added view's side indexes of every shard ({@link
 * ViewAdder}).
 */
interface ShardTarget {
  /**
   * The directory the finished shards are published into (and written beside, under a temporary
   * name).
   */
  Path parent();

  /** Where shard {@code shard} is, once published. */
  Path directory(String shard);

  /**
   * The claim a writer holds while it builds shard {@code shard}; {@code claim("")} is the prefix
   * of them all.
   */
  String claim(String shard);

  /** What {@code manifest} lacks of this target, in step order. */
  List<ShardInfo> missing(Manifest manifest);

  /**
   * Whether {@code manifest} already lists {@code shard}, or something that stands in its place.
   */
  boolean isPublished(Manifest manifest, ShardInfo shard);

  /** {@code manifest} with {@code shard} listed. */
  Manifest withPublished(Manifest manifest, ShardInfo shard);

  /**
   * The entries of {@link #parent()} that {@code manifest} accounts for: everything else there is
   * debris.
   */
  Set<String> kept(Manifest manifest);
}
