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
import java.util.zip.CRC32C;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.stepindex.indexer.store.AtomicFiles;

/**
 * Per-shard match sets of queries, cached on disk beside the shard ({@code shards/NAME/cache/}), so a phrase or a
 * boolean query walks a shard's postings once across processes. Each file ends with a CRC32C of its content: a file
 * damaged by a crash is detected and rebuilt rather than trusted. Writing is best effort: an index on read-only
 * storage still answers, it only recomputes.
 */
final class MatchCache {
  private static final String DIR = "cache";

  private MatchCache() {}

  /** The shard's match set for {@code query}: from the cache file if valid, else collected and cached. */
  static ShardMatches load(FrequencyIndex.Shard shard, ViewQuery query) {
    Path file = file(shard, query);
    ShardMatches cached = read(file);
    if (cached != null) {
      return cached;
    }
    ShardMatches matches = collect(shard.searcher(), query.query());
    write(file, matches);
    return matches;
  }

  /** One postings walk. */
  static ShardMatches collect(IndexSearcher searcher, Query query) {
    try {
      return MatchCollector.collect(searcher, query);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sequences holding both terms, by one leapfrog over their postings led by the rarer ({@link MatchCollector}). */
  static ShardMatches conjunction(IndexSearcher searcher, Term a, Term b) {
    try {
      return MatchCollector.conjunction(searcher, a, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path file(FrequencyIndex.Shard shard, ViewQuery query) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(query.cacheKey().getBytes(StandardCharsets.UTF_8));
      return shard.dir().resolve(DIR).resolve(HexFormat.of().formatHex(hash, 0, 16) + ".matches");
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
