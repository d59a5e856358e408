package org.stepindex.query;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.store.IndexLayout;

/**
 * Per-shard match sets of queries, cached on disk beside the shard ({@code shards/NAME/cache/}), so
 * a phrase or a boolean query walks a shard's postings once across processes. Each file ends with a
 * CRC32C of its content: a damaged file (a crash, a flipped bit) is never used: it is dropped, with
 * a warning, and recomputed from the postings. Writing is best effort: an index on read-only
 * storage still answers, it only recomputes.
 */
final class MatchCache {
  private static final String SUFFIX = ".matches";

  private MatchCache() {}

  /**
   * The shard's match set for {@code query}: from the cache file if intact, else collected and
   * cached; a damaged file is reported to {@code warnings} and replaced.
   */
  static ShardMatches load(Shard shard, ViewQuery query, Consumer<String> warnings) {
    Path file = file(shard, query);
    if (Files.exists(file)) {
      ShardMatches cached = read(file);
      if (cached != null) {
        return cached;
      }
      warnings.accept(
          "the match cache "
              + file
              + " of shard "
              + shard.info().name()
              + " is damaged; it was dropped and is recomputed");
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // replaced below if the storage is writable; never read again either way, as it fails its
        // check
      }
    }
    ShardMatches matches = collect(shard.searcher(), query.query());
    write(file, matches);
    return matches;
  }

  /**
   * The cache files of the shard in {@code shardDir} (temporary files of unfinished writes
   * excluded).
   */
  static List<Path> files(Path shardDir) throws IOException {
    Path dir = IndexLayout.matchCachesIn(shardDir);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
  }

  /** Whether a cache file passes its CRC32C and parses as a match set. */
  static boolean isIntact(Path file) {
    return read(file) != null;
  }

  /** One postings walk. */
  static ShardMatches collect(IndexSearcher searcher, Query query) {
    try {
      return MatchCollector.collect(searcher, query);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sequences holding both terms, by one leapfrog over their postings led by the rarer ({@link
   * MatchCollector}).
   */
  static ShardMatches conjunction(IndexSearcher searcher, Term a, Term b) {
    try {
      return MatchCollector.conjunction(searcher, a, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path file(Shard shard, ViewQuery query) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(query.cacheKey().getBytes(StandardCharsets.UTF_8));
      return IndexLayout.matchCachesIn(shard.dir())
          .resolve(HexFormat.of().formatHex(hash, 0, 16) + SUFFIX);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ShardMatches read(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length < Long.BYTES) {
        return null;
      }
      int payload = bytes.length - Long.BYTES;
      CRC32C crc = new CRC32C();
      crc.update(bytes, 0, payload);
      if (crc.getValue() != ByteBuffer.wrap(bytes, payload, Long.BYTES).getLong()) {
        return null;
      }
      return ShardMatches.read(new ByteArrayInputStream(Arrays.copyOf(bytes, payload)));
    } catch (IOException | RuntimeException e) {
      return null; // absent or damaged: rebuilt from the postings
    }
  }

  private static void write(Path file, ShardMatches matches) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      matches.write(out);
      CRC32C crc = new CRC32C();
      crc.update(out.toByteArray());
      out.write(ByteBuffer.allocate(Long.BYTES).putLong(crc.getValue()).array());
      Files.createDirectories(file.getParent());
      AtomicFiles.writeUnforced(file, out.toByteArray());
    } catch (IOException e) {
      // best effort, see the class comment
    }
  }
}
