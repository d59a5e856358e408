package org.stepindex.query;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.roaringbitmap.RoaringBitmap;
import org.stepindex.indexer.StepIndexException;
import org.stepindex.indexer.build.AtomicFiles;
import org.stepindex.indexer.build.Manifest;
import org.stepindex.indexer.build.ShardInfo;
import org.stepindex.indexer.layout.StepLayout;

/**
 * An open step-keyed index: exact counts of a query over the sequences of any step range.
 *
 * <p>"At step S" means the sequences {@code [0, S·B)} that checkpoint {@code stepS} has seen. A shard entirely inside
 * the range contributes its totals (term statistics for a single term, else its cached {@link ShardMatches}); a shard
 * cut by the range contributes the matches below the cut, found by a rank query on its match bitmap.
 *
 * <p>Thread-safe for concurrent queries.
 */
public final class FrequencyIndex implements AutoCloseable {
  private static final String CACHE_DIR = "cache";
  private static final int MEMORY_CACHE_ENTRIES = 4096;

  private final Path dir;
  private final Manifest manifest;
  private final List<Shard> shards;
  private final long coveredEnd;
  private final Map<String, ShardMatches> memory =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ShardMatches> eldest) {
          return size() > MEMORY_CACHE_ENTRIES;
        }
      };

  /** One shard, open for reading. */
  private record Shard(ShardInfo info, Path dir, DirectoryReader reader, IndexSearcher searcher) {}

  private FrequencyIndex(Path dir, Manifest manifest, List<Shard> shards) {
    this.dir = dir;
    this.manifest = manifest;
    this.shards = shards;
    long end = 0;
    for (Shard shard : shards) {
      if (shard.info.firstStep() != end) {
        break;
      }
      end = shard.info.endStep();
    }
    this.coveredEnd = end;
  }

  /** Opens the index in {@code dir}; a missing or damaged index is a user error. */
  public static FrequencyIndex open(Path dir) {
    Manifest manifest = Manifest.read(dir);
    List<Shard> shards = new ArrayList<>();
    try {
      for (ShardInfo info : manifest.shards()) {
        Path shardDir = dir.resolve("shards").resolve(info.name());
        DirectoryReader reader = DirectoryReader.open(FSDirectory.open(shardDir));
        if (reader.maxDoc() != info.sequences()) {
          reader.close();
          throw new StepIndexException(
              "shard " + info.name() + " of " + dir + " holds " + reader.maxDoc() + " sequences, the manifest says "
                  + info.sequences() + "; rebuild the index");
        }
        IndexSearcher searcher = new IndexSearcher(reader);
        searcher.setQueryCache(null);
        shards.add(new Shard(info, shardDir, reader, searcher));
      }
    } catch (IOException e) {
      closeAll(shards);
      throw new StepIndexException("cannot open index " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeAll(shards);
      throw e;
    }
    return new FrequencyIndex(dir, manifest, List.copyOf(shards));
  }

  /** The index's manifest. */
  public Manifest manifest() {
    return manifest;
  }

  /** The index directory. */
  public Path dir() {
    return dir;
  }

  /** The first step not covered by the shards contiguous from step 0: counts "at step S" need S ≤ this. */
  public long coveredEnd() {
    return coveredEnd;
  }

  /** Compiles a query for a view of this index (the view must have been built). */
  public ViewQuery compile(String view, String query) {
    if (!manifest.hasView(view)) {
      throw new StepIndexException(
          "the index at " + dir + " has no '" + view + "' view (it has " + String.join(", ", manifest.views())
              + "); rebuild with --views including " + view);
    }
    return ViewQuery.compile(view, query, manifest.tokenizer().vocabSize());
  }

  /** Matches in the sequences seen by checkpoint {@code step}: steps {@code [0, step)}. */
  public Count countAt(ViewQuery query, long step) {
    return countRange(query, 0, step);
  }

  /** Matches in the sequences of steps {@code [from, to)}. */
  public Count countRange(ViewQuery query, long from, long to) {
    return countRange(from, to, (shard, lo, hi) -> countInShard(shard, query, lo, hi));
  }

  /** How one shard counts its docs {@code [lo, hi)}. */
  @FunctionalInterface
  private interface ShardCounter {
    Count count(Shard shard, int lo, int hi);
  }

  private Count countRange(long from, long to, ShardCounter counter) {
    checkRange(from, to);
    StepLayout layout = manifest.layout();
    long firstSeq = layout.firstSequence(from);
    long endSeq = Math.min(layout.firstSequence(to), manifest.data().sequences());
    Count total = Count.ZERO;
    for (Shard shard : shards) {
      ShardInfo info = shard.info;
      if (info.endSequence() <= firstSeq || info.firstSequence() >= endSeq) {
        continue;
      }
      int lo = (int) Math.max(0, firstSeq - info.firstSequence());
      int hi = (int) Math.min(info.sequences(), endSeq - info.firstSequence());
      total = total.plus(counter.count(shard, lo, hi));
    }
    return total;
  }

  /**
   * The cumulative count at each of {@code steps} (each "at step S"), in one pass: each shard's total is computed
   * once and summed as a prefix; only a step that cuts a shard looks inside it.
   */
  public Count[] timeline(ViewQuery query, long[] steps) {
    return timeline(steps, (shard, lo, hi) -> countInShard(shard, query, lo, hi));
  }

  private Count[] timeline(long[] steps, ShardCounter counter) {
    for (long step : steps) {
      checkRange(0, step);
    }
    // After checkRange every step lies within the shards contiguous from step 0, which come first in `shards`.
    Count[] prefix = new Count[shards.size() + 1];
    prefix[0] = Count.ZERO;
    int computed = 0;
    StepLayout layout = manifest.layout();
    Count[] result = new Count[steps.length];
    for (int i = 0; i < steps.length; i++) {
      long endSeq = Math.min(layout.firstSequence(steps[i]), manifest.data().sequences());
      int whole = 0;
      while (whole < shards.size() && shards.get(whole).info.endStep() <= coveredEnd
          && shards.get(whole).info.endSequence() <= endSeq) {
        whole++;
      }
      for (; computed < whole; computed++) {
        Shard shard = shards.get(computed);
        prefix[computed + 1] = prefix[computed].plus(counter.count(shard, 0, (int) shard.info.sequences()));
      }
      Count count = prefix[whole];
      if (whole < shards.size() && shards.get(whole).info.firstSequence() < endSeq) {
        Shard cut = shards.get(whole);
        count = count.plus(counter.count(cut, 0, (int) (endSeq - cut.info.firstSequence())));
      }
      result[i] = count;
    }
    return result;
  }

  /**
   * Sequences of steps {@code [from, to)} containing both {@code a} and {@code b} (text view). With {@code window}
   * > 0, only sequences where they occur within {@code window} words of each other count, and occurrences are the
   * near pairs Lucene's interval query finds; without, occurrences are those of {@code +(a) +(b)}.
   */
  public Count cooccur(String a, String b, long from, long to, int window) {
    return countRange(from, to, cooccurrenceCounter(a, b, window));
  }

  /** {@link #cooccur} at each of {@code steps} ("at step S"), in one pass as {@link #timeline}. */
  public Count[] cooccurTimeline(String a, String b, int window, long[] steps) {
    return timeline(steps, cooccurrenceCounter(a, b, window));
  }

  private ShardCounter cooccurrenceCounter(String a, String b, int window) {
    if (window > 0) {
      ViewQuery near = compileNear(a, b, window);
      return (shard, lo, hi) -> countInShard(shard, near, lo, hi);
    }
    ViewQuery qa = compile("text", a);
    ViewQuery qb = compile("text", b);
    return (shard, lo, hi) -> {
      ShardMatches both = intersection(shard, qa, qb);
      return both.countBelow(hi).minus(both.countBelow(lo));
    };
  }

  /** The text-view query "a within {@code window} words of b", as a Lucene interval query. */
  public ViewQuery compileNear(String a, String b, int window) {
    compile("text", a); // validates that the view exists and the query parses
    return NearQuery.compile(a, b, window);
  }

  private ShardMatches intersection(Shard shard, ViewQuery a, ViewQuery b) {
    String key = shard.info.name() + "\u0001and\u0001" + a.cacheKey() + "\u0001" + b.cacheKey();
    synchronized (memory) {
      ShardMatches cached = memory.get(key);
      if (cached != null) {
        return cached;
      }
    }
    ShardMatches ma = matches(shard, a);
    ShardMatches mb = matches(shard, b);
    RoaringBitmap docs = RoaringBitmap.and(ma.docs(), mb.docs());
    int[] occurrences = new int[docs.getCardinality()];
    int i = 0;
    for (int doc : docs) {
      occurrences[i++] = ma.occurrencesIn(doc) + mb.occurrencesIn(doc);
    }
    ShardMatches both = new ShardMatches(docs, occurrences);
    synchronized (memory) {
      memory.put(key, both);
    }
    return both;
  }

  private Count countInShard(Shard shard, ViewQuery query, int lo, int hi) {
    if (lo >= hi) {
      return Count.ZERO;
    }
    if (lo == 0 && hi == shard.info.sequences() && query.isSingleTerm()) {
      Term term = ((TermQuery) query.query()).getTerm();
      IndexReader reader = shard.reader;
      try {
        return new Count(reader.docFreq(term), reader.totalTermFreq(term));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    ShardMatches matches = matches(shard, query);
    return matches.countBelow(hi).minus(matches.countBelow(lo));
  }

  /** The shard's match set for a query: from memory, else from the on-disk cache, else from one postings walk. */
  private ShardMatches matches(Shard shard, ViewQuery query) {
    String key = shard.info.name() + "\u0000" + query.cacheKey();
    synchronized (memory) {
      ShardMatches cached = memory.get(key);
      if (cached != null) {
        return cached;
      }
    }
    ShardMatches matches = query.isSingleTerm() ? null : readCache(shard, query);
    if (matches == null) {
      try {
        matches = MatchCollector.collect(shard.searcher, query.query());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!query.isSingleTerm()) {
        writeCache(shard, query, matches);
      }
    }
    synchronized (memory) {
      memory.put(key, matches);
    }
    return matches;
  }

  private static Path cacheFile(Shard shard, ViewQuery query) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(query.cacheKey().getBytes(StandardCharsets.UTF_8));
      return shard.dir.resolve(CACHE_DIR).resolve(HexFormat.of().formatHex(hash, 0, 16) + ".matches");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ShardMatches readCache(Shard shard, ViewQuery query) {
    Path file = cacheFile(shard, query);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return ShardMatches.read(in);
    } catch (IOException | RuntimeException e) {
      return null; // a damaged cache entry is rebuilt from the postings
    }
  }

  /** Best effort: an index on read-only storage still answers, it only recomputes. */
  private static void writeCache(Shard shard, ViewQuery query, ShardMatches matches) {
    Path file = cacheFile(shard, query);
    try {
      Files.createDirectories(file.getParent());
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (OutputStream out = new BufferedOutputStream(bytes)) {
        matches.write(out);
      }
      AtomicFiles.write(file, bytes.toByteArray());
    } catch (IOException e) {
      // ignored on purpose: see method comment
    }
  }

  private void checkRange(long from, long to) {
    long dataSteps = manifest.dataSteps();
    if (from < 0 || to < 0) {
      throw new StepIndexException("steps must be non-negative, got " + (from < 0 ? from : to));
    }
    if (to < from) {
      throw new StepIndexException("--from " + from + " is after --to " + to);
    }
    if (to > dataSteps) {
      throw new StepIndexException(
          "step " + to + " is beyond the data, which ends at step " + dataSteps + " (batch size "
              + manifest.layout().batchSize() + ")");
    }
    for (long step = from; step < to; ) {
      ShardInfo shard = shardAt(step);
      if (shard == null) {
        throw new StepIndexException(
            "step " + step + " is not indexed (indexed: " + indexedRanges() + "); extend the index with"
                + " 'stepindex index --steps " + step + ":" + to + " ...'");
      }
      step = shard.endStep();
    }
  }

  private ShardInfo shardAt(long step) {
    for (Shard shard : shards) {
      if (shard.info.firstStep() <= step && step < shard.info.endStep()) {
        return shard.info;
      }
    }
    return null;
  }

  /** The indexed step ranges, merged, e.g. {@code 0:4000, 6000:7000}. */
  public String indexedRanges() {
    return manifest.indexedRanges();
  }

  /** Bytes on disk of the shards' Lucene files (match caches excluded). */
  public long indexBytes() {
    long bytes = 0;
    for (Shard shard : shards) {
      try {
        for (String file : shard.reader.getIndexCommit().getFileNames()) {
          bytes += shard.reader.directory().fileLength(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return bytes;
  }

  @Override
  public void close() {
    closeAll(shards);
  }

  private static void closeAll(List<Shard> shards) {
    for (Shard shard : shards) {
      try {
        shard.reader.close();
        shard.reader.directory().close();
      } catch (IOException e) {
        // closing read-only files: nothing to recover
      }
    }
  }
}
