package org.stepindex.indexer.store;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Every path of an index directory, named in one place; the writers, the readers, {@code verify}
 * and the benchmarks all ask here. An index {@code DIR} holds:
 *
 * <pre>
 * DIR/manifest.json                  the manifest ({@link Manifest}), replaced atomically
 * DIR/.manifest.json.*.tmp           a manifest write a kill interrupted (debris)
 * DIR/.lock                          the short lock of manifest changes ({@link IndexLock})
 * DIR/shards/NAME/                   a shard: one Lucene index over a step range ({@link ShardInfo#nameFor})
 * DIR/shards/NAME/cache/             its match caches (query side)
 * DIR/shards/.claim-CLAIM            a writer's claim on a shard or on a side index of one ({@link ShardClaims})
 * DIR/shards/.tmp-NAME               a shard being written, renamed to NAME when complete
 * DIR/views/VIEW/SHARD/              an added view's side index of a shard ({@link ViewAdder})
 * DIR/views/VIEW/.tmp-SHARD          a side index being written
 * DIR/views/VIEW/declared-pairs.tsv  the declared pairs of an entities view
 * DIR/stats/                         the term statistics table ({@link TermStatsTable})
 * DIR/stats/.refresh-lock            the lock of its refreshes
 * DIR/stats/hashed-FIELD.stats       a field of the table addressed by hash ({@link HashedTermStats})
 * DIR/stats/.hashed-*                its write's partitions and unfinished file (debris after a kill, removed by the next)
 * DIR/.stepindex-server              a running server's address, for the launcher's warm path (serve.ServerAddress)
 * DIR/.stepindex-server.tmp-PID      that address being written
 * </pre>
 *
 * @param dir the index directory
 */
public record IndexLayout(Path dir) {
  /** The manifest's file name inside an index directory. */
  public static final String MANIFEST = "manifest.json";

  /** The lock file of manifest changes, inside an index directory. */
  public static final String LOCK = ".lock";

  /** The directory of the shards. */
  public static final String SHARDS = "shards";

  /** The directory of the added views, one directory each. */
  public static final String VIEWS = "views";

  /** The folder of a cluster build's task manifests. */
  public static final String TASKS = "tasks";

  /** The directory of the term statistics table. */
  public static final String STATS = "stats";

  /** The directory of a shard's match caches, inside the shard's directory. */
  public static final String CACHE = "cache";

  /**
   * A running {@code stepindex serve}'s address inside each index directory it serves (the launcher
   * reads it).
   */
  public static final String SERVER_ADDRESS = ".stepindex-server";

  /** The declared pairs of an entities view, one term a line, beside its side indexes. */
  public static final String DECLARED_PAIRS = "declared-pairs.tsv";

  /** In the table's directory; Lucene leaves files of names it does not make alone. */
  private static final String STATS_LOCK = ".refresh-lock";

  private static final String CLAIM_PREFIX = ".claim-";
  private static final String TMP_PREFIX = ".tmp-";

  /** The claim name of an added view's side index of a shard: {@code view-VIEW-SHARD}. */
  private static final String VIEW_CLAIM_PREFIX = "view-";

  /** The layout of the index in {@code dir}. */
  public static IndexLayout of(Path dir) {
    return new IndexLayout(dir);
  }

  /** {@code DIR/.stepindex-server}. */
  public Path serverAddress() {
    return dir.resolve(SERVER_ADDRESS);
  }

  /** {@code DIR/manifest.json}. */
  public Path manifest() {
    return dir.resolve(MANIFEST);
  }

  /** {@code DIR/.lock}. */
  public Path lock() {
    return dir.resolve(LOCK);
  }

  /**
   * The folder of a cluster build's task manifests ({@code tasks/}), one per task until the merge.
   */
  public Path tasks() {
    return dir.resolve(TASKS);
  }

  /** {@code DIR/shards}. */
  public Path shards() {
    return dir.resolve(SHARDS);
  }

  /** {@code DIR/shards/NAME}: the shard {@code name}. */
  public Path shard(String name) {
    return shards().resolve(name);
  }

  /** {@code DIR/shards/NAME/cache}: the match caches of shard {@code name}. */
  public Path matchCaches(String shard) {
    return matchCachesIn(shard(shard));
  }

  /** {@code SHARD_DIR/cache}: the match caches of the shard in {@code shardDir}. */
  public static Path matchCachesIn(Path shardDir) {
    return shardDir.resolve(CACHE);
  }

  /** {@code DIR/views/VIEW}: the side indexes of added view {@code view}. */
  public Path view(String view) {
    return dir.resolve(VIEWS).resolve(view);
  }

  /** {@code DIR/views/VIEW/SHARD}: added view {@code view}'s side index of shard {@code shard}. */
  public Path sideIndex(String view, String shard) {
    return view(view).resolve(shard);
  }

  /** {@code DIR/views/VIEW/declared-pairs.tsv}: the declared pairs of added view {@code view}. */
  public Path declaredPairs(String view) {
    return view(view).resolve(DECLARED_PAIRS);
  }

  /** {@code DIR/stats}: the term statistics table. */
  public Path stats() {
    return dir.resolve(STATS);
  }

  /** {@code DIR/stats/.refresh-lock}: held by the one refresh of the table at a time. */
  Path statsLock() {
    return stats().resolve(STATS_LOCK);
  }

  /** {@code DIR/shards/.claim-CLAIM}: the claim file of claim {@code claim}. */
  Path claim(String claim) {
    return shards().resolve(CLAIM_PREFIX + claim);
  }

  /** Whether a directory entry under {@code shards/} is a claim file (not a shard, not debris). */
  static boolean isClaim(Path entry) {
    return entry.getFileName().toString().startsWith(CLAIM_PREFIX);
  }

  /** The claim a claim file is for. */
  static String claimOf(Path claimFile) {
    return claimFile.getFileName().toString().substring(CLAIM_PREFIX.length());
  }

  /**
   * The claim on added view {@code view}'s side index of shard {@code shard}; {@code ""} gives
   * their prefix.
   */
  static String viewClaim(String view, String shard) {
    return VIEW_CLAIM_PREFIX + view + "-" + shard;
  }

  /**
   * {@code PARENT/.tmp-NAME}: where shard or side index {@code name} is written before it is
   * renamed into place.
   */
  static Path temporary(Path parent, String name) {
    return parent.resolve(TMP_PREFIX + name);
  }

  /**
   * The shard a directory entry is for: its name, without the temporary prefix if it is a temporary
   * directory.
   */
  static String shardOf(String entry) {
    return entry.startsWith(TMP_PREFIX) ? entry.substring(TMP_PREFIX.length()) : entry;
  }

  /**
   * Whether {@code entry} is the temporary file of a manifest write a kill interrupted ({@code
   * AtomicFiles.write}).
   */
  static boolean isManifestTemporary(Path entry) {
    String name = entry.getFileName().toString();
    return name.startsWith("." + MANIFEST + ".")
        && name.endsWith(".tmp")
        && Files.isRegularFile(entry);
  }
}
