package org.stepindex.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;
import org.roaringbitmap.RoaringBitmap;
import org.stepindex.indexer.StepIndexException;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;
import org.stepindex.indexer.layout.StepLayout;

/**
 * An open step-keyed index: exact counts of a query over the sequences of any step range.
 *
 * <p>"At step S" means the sequences {@code [0, S·B)} that checkpoint {@code stepS} has seen. A shard entirely inside
 * the range contributes its totals (term statistics for a single term, else its {@link ShardMatches}); a shard cut by
 * the range contributes the matches below the cut, found by a rank query on its match bitmap. What a query costs
 * once per shard (a term seek, a postings walk) is remembered for the queries asked most recently, so a batch of
 * queries × checkpoints or a timeline pays it once.
 *
 * <p>Thread-safe for concurrent queries.
 */
public final class FrequencyIndex implements AutoCloseable {
  private static final int REMEMBERED_QUERIES = 4096;
  /** Match sets remembered across queries take at most this share of the heap; older queries are forgotten first. */
  private static final double REMEMBERED_HEAP_SHARE = 0.25;
  private static final Consumer<String> STDERR_WARNINGS = line -> System.err.println("stepindex: warning: " + line);

  private final Path dir;
  private final Consumer<String> warnings;
  private final Manifest manifest;
  private final List<Shard> shards;
  private final long coveredEnd;
  private final long rememberedBytesLimit;
  private final AtomicLong rememberedBytes = new AtomicLong();
  private final Map<String, QueryState> states =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, QueryState> eldest) {
          // A batch of frequent terms at steps inside big shards holds megabytes per query: bound the bytes too.
          boolean evict = size() > REMEMBERED_QUERIES || rememberedBytes.get() > rememberedBytesLimit;
          if (evict) {
            rememberedBytes.addAndGet(-eldest.getValue().forget());
          }
          return evict;
        }
      };

  /** Compiled queries by view and text, the most recently used kept. */
  private final Map<String, ViewQuery> compiled =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ViewQuery> eldest) {
          return size() > REMEMBERED_QUERIES;
        }
      };

  /** One shard, open for reading. */
  record Shard(ShardInfo info, Path dir, DirectoryReader reader, IndexSearcher searcher) {
    int docs() {
      return (int) info.sequences();
    }
  }

  /** How one shard counts its docs {@code [lo, hi)}. */
  @FunctionalInterface
  private interface ShardCounter {
    Count count(int shard, int lo, int hi);
  }

  private FrequencyIndex(
      Path dir, Manifest manifest, List<Shard> shards, long rememberedBytesLimit, Consumer<String> warnings) {
    this.dir = dir;
    this.warnings = warnings;
    this.rememberedBytesLimit = rememberedBytesLimit;
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

  /**
   * Opens the index in {@code dir} as its manifest lists it now; a missing index or a damaged shard is a user error.
   * Writers extending the index meanwhile do not change what this instance answers from. Warnings (a damaged match
   * cache, recomputed) go to stderr.
   */
  public static FrequencyIndex open(Path dir) {
    return open(dir, STDERR_WARNINGS);
  }

  /** {@link #open(Path)}, with warnings going to {@code warnings}, one line each. */
  public static FrequencyIndex open(Path dir, Consumer<String> warnings) {
    return open(dir, (long) (Runtime.getRuntime().maxMemory() * REMEMBERED_HEAP_SHARE), warnings);
  }

  /** Opens the index, remembering per-query match sets up to about {@code rememberedBytesLimit} bytes. */
  static FrequencyIndex open(Path dir, long rememberedBytesLimit) {
    return open(dir, rememberedBytesLimit, STDERR_WARNINGS);
  }

  private static FrequencyIndex open(Path dir, long rememberedBytesLimit, Consumer<String> warnings) {
    Manifest manifest = Manifest.read(dir);
    List<Shard> shards = new ArrayList<>();
    try {
      for (ShardInfo info : manifest.shards()) {
        shards.add(openShard(dir, info));
      }
    } catch (RuntimeException e) {
      closeAll(shards);
      throw e;
    }
    return new FrequencyIndex(dir, manifest, List.copyOf(shards), rememberedBytesLimit, warnings);
  }

  /**
   * Opens one shard. Lucene checks each file's header and footer (so a truncated file is found here) but not its
   * checksum, which would read every byte: that is {@code stepindex verify}'s job.
   */
  private static Shard openShard(Path dir, ShardInfo info) {
    Path shardDir = dir.resolve("shards").resolve(info.name());
    FSDirectory directory = null;
    DirectoryReader reader = null;
    try {
      directory = FSDirectory.open(shardDir);
      reader = DirectoryReader.open(directory);
      if (reader.maxDoc() != info.sequences()) {
        throw new CorruptIndexException("holds " + reader.maxDoc() + " sequences, not " + info.sequences(),
            shardDir.toString());
      }
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(reader, directory);
      throw damaged(dir, info);
    }
    IndexSearcher searcher = new IndexSearcher(reader);
    searcher.setQueryCache(null);
    return new Shard(info, shardDir, reader, searcher);
  }

  /** The one line a query prints when a read of a shard meets damage. */
  static StepIndexException damaged(Path dir, ShardInfo shard) {
    return new StepIndexException("shard " + shard.name() + " of " + dir + " is damaged; run stepindex verify --index "
        + dir);
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

  /** The indexed step ranges, merged, e.g. {@code 0:4000, 6000:7000}. */
  public String indexedRanges() {
    return manifest.indexedRanges();
  }

  /**
   * Compiles a query for a view of this index (the view must have been built). Queries compiled recently are
   * remembered: a server asked the same query again skips the parse, which costs more than a count at a checkpoint.
   */
  public ViewQuery compile(String view, String query) {
    String key = view + "\u0000" + query;
    synchronized (compiled) {
      ViewQuery known = compiled.get(key);
      if (known != null) {
        return known;
      }
    }
    ViewQuery q = parse(view, query);
    synchronized (compiled) {
      compiled.put(key, q);
    }
    return q;
  }

  private ViewQuery parse(String view, String query) {
    checkView(view);
    return ViewQuery.compile(view, query, manifest.tokenizer().vocabSize());
  }

  /** Refuses a view the index was not built with, naming the views it has. */
  public void checkView(String view) {
    if (!manifest.hasView(view)) {
      throw new StepIndexException(
          "the index at " + dir + " has no '" + view + "' view (it has " + String.join(", ", manifest.views())
              + "); rebuild with --views including " + view);
    }
  }

  /** The text-view query "a within {@code window} words of b", as a Lucene interval query. */
  public ViewQuery compileNear(String a, String b, int window) {
    compile("text", a); // the view must exist and both sides must parse
    compile("text", b);
    return NearQuery.compile(a, b, window);
  }

  /** Matches in the sequences seen by checkpoint {@code step}: steps {@code [0, step)}. */
  public Count countAt(ViewQuery query, long step) {
    return countRange(query, 0, step);
  }

  /** Matches in the sequences of steps {@code [from, to)}. */
  public Count countRange(ViewQuery query, long from, long to) {
    return countRange(from, to, counter(query));
  }

  /**
   * The cumulative count at each of {@code steps} (each "at step S"), in one pass: each shard's total is computed
   * once and summed as a prefix; only a step that cuts a shard looks inside it.
   */
  public Count[] timeline(ViewQuery query, long[] steps) {
    return timeline(steps, counter(query));
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

  private ShardCounter counter(ViewQuery query) {
    QueryState state = state(query.cacheKey(), key -> new QueryState(query));
    return state::count;
  }

  private ShardCounter cooccurrenceCounter(String a, String b, int window) {
    if (window > 0) {
      return counter(compileNear(a, b, window));
    }
    ViewQuery qa = compile("text", a);
    ViewQuery qb = compile("text", b);
    QueryState sa = state(qa.cacheKey(), key -> new QueryState(qa));
    QueryState sb = state(qb.cacheKey(), key -> new QueryState(qb));
    String key = "and\u0001" + qa.cacheKey() + "\u0001" + qb.cacheKey();
    QueryState both = state(key, k -> new QueryState(shard -> intersection(sa.matches(shard), sb.matches(shard))));
    return both::count;
  }

  private static ShardMatches intersection(ShardMatches a, ShardMatches b) {
    RoaringBitmap docs = RoaringBitmap.and(a.docs(), b.docs());
    int[] occurrences = new int[docs.getCardinality()];
    int i = 0;
    for (int doc : docs) {
      occurrences[i++] = a.occurrencesIn(doc) + b.occurrencesIn(doc);
    }
    return new ShardMatches(docs, occurrences);
  }

  private QueryState state(String key, Function<String, QueryState> create) {
    synchronized (states) {
      return states.computeIfAbsent(key, create);
    }
  }

  private Count countRange(long from, long to, ShardCounter counter) {
    checkRange(from, to);
    StepLayout layout = manifest.layout();
    long firstSeq = layout.firstSequence(from);
    long endSeq = Math.min(layout.firstSequence(to), manifest.data().sequences());
    Count total = Count.ZERO;
    for (int i = 0; i < shards.size(); i++) {
      ShardInfo info = shards.get(i).info;
      if (info.endSequence() <= firstSeq || info.firstSequence() >= endSeq) {
        continue;
      }
      int lo = (int) Math.max(0, firstSeq - info.firstSequence());
      int hi = (int) Math.min(info.sequences(), endSeq - info.firstSequence());
      total = total.plus(counter.count(i, lo, hi));
    }
    return total;
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
        prefix[computed + 1] = prefix[computed].plus(counter.count(computed, 0, shards.get(computed).docs()));
      }
      Count count = prefix[whole];
      if (whole < shards.size() && shards.get(whole).info.firstSequence() < endSeq) {
        count = count.plus(counter.count(whole, 0, (int) (endSeq - shards.get(whole).info.firstSequence())));
      }
      result[i] = count;
    }
    return result;
  }

  /**
   * What one query costs per shard, paid once: the shard's total count and, when a count must look inside a shard or
   * the query is more than a term, its match set (from the on-disk cache, else one postings walk).
   */
  private final class QueryState {
    private final IntFunction<ShardMatches> collect;
    private final TermQuery term;
    private final Count[] totals = new Count[shards.size()];
    private final ShardMatches[] matches = new ShardMatches[shards.size()];
    /**
     * Guards {@code bytes} and {@code forgotten} apart from this state's own monitor, which is held during a postings
     * walk: eviction (under the lock of {@code states}) must not wait for one, or every query would wait with it.
     */
    private final Object accounting = new Object();
    private long bytes;
    private boolean forgotten;

    QueryState(ViewQuery query) {
      this.term = query.isSingleTerm() ? (TermQuery) query.query() : null;
      // A term's match set is one cheap postings walk: not worth a cache file.
      this.collect =
          term != null
              ? shard -> MatchCache.collect(shards.get(shard).searcher(), query.query())
              : shard -> MatchCache.load(shards.get(shard), query, warnings);
    }

    QueryState(IntFunction<ShardMatches> collect) {
      this.term = null;
      this.collect = collect;
    }

    Count count(int shard, int lo, int hi) {
      if (lo >= hi) {
        return Count.ZERO;
      }
      if (lo == 0 && hi == shards.get(shard).docs()) {
        return total(shard);
      }
      ShardMatches m = matches(shard);
      return m.countBelow(hi).minus(m.countBelow(lo));
    }

    /**
     * Marks this query as no longer remembered (a call still using it may finish, uncounted) and returns the bytes it
     * was counted for.
     */
    long forget() {
      synchronized (accounting) {
        forgotten = true;
        return bytes;
      }
    }

    synchronized Count total(int shard) {
      if (totals[shard] == null) {
        try {
          totals[shard] = term != null ? termStatistics(shards.get(shard), term.getTerm()) : matches(shard).total();
        } catch (UncheckedIOException | IndexOutOfBoundsException e) {
          throw damaged(dir, shards.get(shard).info());
        }
      }
      return totals[shard];
    }

    synchronized ShardMatches matches(int shard) {
      if (matches[shard] == null) {
        try {
          matches[shard] = collect.apply(shard);
        } catch (UncheckedIOException | IndexOutOfBoundsException e) {
          // A corrupt index, a truncated file, a checksum mismatch met on the way: Lucene's reads raise these.
          throw damaged(dir, shards.get(shard).info());
        }
        synchronized (accounting) {
          if (!forgotten) {
            bytes += matches[shard].bytes();
            rememberedBytes.addAndGet(matches[shard].bytes());
          }
        }
      }
      return matches[shard];
    }
  }

  /** Bytes of the match sets remembered across queries (for tests of the bound). */
  long rememberedBytes() {
    return rememberedBytes.get();
  }

  /** docFreq and totalTermFreq of a term, from one seek per segment (exact on a write-once index). */
  private static Count termStatistics(Shard shard, Term term) {
    try {
      long docFreq = 0;
      long totalTermFreq = 0;
      for (LeafReaderContext leaf : shard.reader().leaves()) {
        Terms terms = leaf.reader().terms(term.field());
        if (terms == null) {
          continue;
        }
        TermsEnum termsEnum = terms.iterator();
        if (termsEnum.seekExact(term.bytes())) {
          docFreq += termsEnum.docFreq();
          totalTermFreq += termsEnum.totalTermFreq();
        }
      }
      return new Count(docFreq, totalTermFreq);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void checkRange(long from, long to) {
    if (from < 0 || to < 0) {
      throw new StepIndexException("steps must be non-negative, got " + (from < 0 ? from : to));
    }
    if (to < from) {
      throw new StepIndexException("--from " + from + " is after --to " + to);
    }
    long dataSteps = manifest.dataSteps();
    if (to > dataSteps) {
      throw new StepIndexException(
          "step " + to + " is beyond the data, which ends at step " + dataSteps + " (batch size "
              + manifest.layout().batchSize() + ")");
    }
    if (to <= coveredEnd) {
      return;
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

  /** The shard holding {@code step}, by binary search over the shards in step order; null if none. */
  private ShardInfo shardAt(long step) {
    int lo = 0;
    int hi = shards.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      ShardInfo info = shards.get(mid).info;
      if (step < info.firstStep()) {
        hi = mid - 1;
      } else if (step >= info.endStep()) {
        lo = mid + 1;
      } else {
        return info;
      }
    }
    return null;
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
