package org.stepindex.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.CompositeReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.ParallelCompositeReader;
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
import org.stepindex.indexer.entities.EntitiesView;
import org.stepindex.indexer.entities.EntityPairs;
import org.stepindex.indexer.store.TermStatsTable;
import org.stepindex.indexer.store.IndexLayout;
import org.stepindex.indexer.views.BigramsView;
import org.stepindex.indexer.views.TextView;
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
  /** The term statistics table, for the shards it covers; null when the index has none that fits. */
  private final TermStats termStats;
  /** Set when the table failed to read: then every shard is counted from its own files, and it is said once. */
  private volatile boolean termStatsFailed;
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

  /**
   * One shard, open for reading: its own Lucene index ({@code reader}) and the side indexes of added views
   * ({@code sides}), which the searcher reads as one index (same doc ids, fields side by side).
   */
  record Shard(ShardInfo info, Path dir, DirectoryReader reader, List<DirectoryReader> sides, IndexSearcher searcher,
      Map<String, String> sources) {
    int docs() {
      return (int) info.sequences();
    }

    List<DirectoryReader> all() {
      List<DirectoryReader> all = new ArrayList<>(sides);
      all.addFirst(reader);
      return all;
    }
  }

  /** How one shard counts its docs {@code [lo, hi)}. */
  @FunctionalInterface
  private interface ShardCounter {
    Count count(int shard, int lo, int hi);
  }

  /** Declared pairs of added entity views, as terms of their pairs field; read on first use. */
  private volatile Set<String> declaredPairs;

  private FrequencyIndex(Path dir, Manifest manifest, List<Shard> shards, TermStats termStats,
      long rememberedBytesLimit, Consumer<String> warnings) {
    this.dir = dir;
    this.termStats = termStats;
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
    return open(dir, defaultRememberedBytes(), warnings, true);
  }

  /** Opens the index, remembering per-query match sets up to about {@code rememberedBytesLimit} bytes. */
  static FrequencyIndex open(Path dir, long rememberedBytesLimit) {
    return open(dir, rememberedBytesLimit, STDERR_WARNINGS, true);
  }

  /**
   * Opens the index without its term statistics table, so that every count is read from each shard's own files: the
   * baseline of {@code bench --scale}, and the independent side of checks of the table. Answers are the same.
   */
  public static FrequencyIndex openShardByShard(Path dir) {
    return open(dir, defaultRememberedBytes(), STDERR_WARNINGS, false);
  }

  private static long defaultRememberedBytes() {
    return (long) (Runtime.getRuntime().maxMemory() * REMEMBERED_HEAP_SHARE);
  }

  private static FrequencyIndex open(Path dir, long rememberedBytesLimit, Consumer<String> warnings,
      boolean useTable) {
    Manifest manifest = Manifest.read(dir);
    List<Shard> shards = new ArrayList<>();
    try {
      for (ShardInfo info : manifest.shards()) {
        shards.add(openShard(dir, manifest, info));
      }
    } catch (RuntimeException e) {
      closeAll(shards);
      throw e;
    }
    TermStats table = useTable ? TermStats.open(dir, shards.stream().map(Shard::sources).toList(), warnings) : null;
    return new FrequencyIndex(dir, manifest, List.copyOf(shards), table, rememberedBytesLimit, warnings);
  }

  /**
   * Opens a shard with the side indexes of the views added to it, read as one index (same sequences in the same
   * order, one segment each, so the side indexes' fields join the shard's docs). Anything that does not open is
   * damage, reported as such; what was opened is closed again. Lucene checks each file's header and footer (so a
   * truncated file is found here) but not its checksum, which would read every byte: that is
   * {@code stepindex verify}'s job.
   */
  private static Shard openShard(Path dir, Manifest manifest, ShardInfo info) {
    IndexLayout paths = IndexLayout.of(dir);
    Path shardDir = paths.shard(info.name());
    List<java.io.Closeable> opened = new ArrayList<>();
    try {
      FSDirectory directory = FSDirectory.open(shardDir);
      opened.add(directory);
      DirectoryReader reader = DirectoryReader.open(directory);
      opened.add(reader);
      if (reader.maxDoc() != info.sequences()) {
        throw new CorruptIndexException("holds " + reader.maxDoc() + " sequences, not " + info.sequences(),
            shardDir.toString());
      }
      List<DirectoryReader> sides = new ArrayList<>();
      Map<String, String> sources = new LinkedHashMap<>();
      sources.put(TermStatsTable.key(info.name()), TermStatsTable.identity(reader));
      for (Manifest.AddedView view : manifest.addedViews()) {
        if (view.shards().contains(info.name())) {
          FSDirectory sideDirectory =
              FSDirectory.open(paths.sideIndex(view.name(), info.name()));
          opened.add(sideDirectory);
          DirectoryReader side = DirectoryReader.open(sideDirectory);
          opened.add(side);
          sides.add(side);
          sources.put(TermStatsTable.key(info.name(), view.name()), TermStatsTable.identity(side));
        }
      }
      IndexReader combined = reader;
      if (!sides.isEmpty()) {
        List<CompositeReader> all = new ArrayList<>();
        all.add(reader);
        all.addAll(sides);
        combined = new ParallelCompositeReader(false, all.toArray(CompositeReader[]::new));
      }
      IndexSearcher searcher = new IndexSearcher(combined);
      searcher.setQueryCache(null);
      return new Shard(info, shardDir, reader, List.copyOf(sides), searcher, Map.copyOf(sources));
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(opened);
      throw damaged(dir, info);
    }
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
    ViewQuery compiled = ViewQuery.compile(view, query, manifest.tokenizer().vocabSize());
    return view.equals(TextView.NAME) && hasCompleteView(BigramsView.NAME) ? compiled.throughBigrams() : compiled;
  }

  /** Whether the view was built with the index or added to every shard. */
  private boolean hasCompleteView(String view) {
    Manifest.AddedView added = manifest.addedView(view);
    return manifest.views().contains(view) || (added != null && added.shards().size() == manifest.shards().size());
  }

  /** Refuses a view the index was neither built with nor has added to every shard, saying how to get it. */
  public void checkView(String view) {
    if (!manifest.hasView(view)) {
      List<String> all = new ArrayList<>(manifest.views());
      manifest.addedViews().forEach(v -> all.add(v.name()));
      throw new StepIndexException(
          "the index at " + dir + " has no '" + view + "' view (it has " + String.join(", ", all)
              + "); rebuild with --views including " + view
              + (view.equals(EntitiesView.NAME) ? ", or add it: stepindex index --index DIR --add-view entities"
                  + " --entities FILE" : ""));
    }
    Manifest.AddedView added = manifest.addedView(view);
    if (!hasCompleteView(view)) {
      throw new StepIndexException(
          "the '" + view + "' view of " + dir + " covers " + added.shards().size() + " of " + manifest.shards().size()
              + " shards; finish it with: stepindex index --index " + dir + " --add-view " + view
              + (view.equals(EntitiesView.NAME) ? " --entities " + added.source() : ""));
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
    return countRange(from, to, cooccurrenceCounter(TextView.NAME, a, b, window));
  }

  /** {@link #cooccur} at each of {@code steps} ("at step S"), in one pass as {@link #timeline}. */
  public Count[] cooccurTimeline(String a, String b, int window, long[] steps) {
    return timeline(steps, cooccurrenceCounter(TextView.NAME, a, b, window));
  }

  /**
   * Sequences of steps {@code [from, to)} holding both {@code a} and {@code b}, two queries of {@code view}; occurrences
   * are those of both in those sequences. For the {@code entities} view a declared pair is term statistics; two
   * terms of any view are intersected at the cost of the rarer one's postings; anything else intersects match sets.
   */
  public Count cooccur(String view, String a, String b, long from, long to) {
    return countRange(from, to, cooccurrenceCounter(view, a, b, 0));
  }

  /** {@link #cooccur(String, String, String, long, long)} at each of {@code steps}, in one pass. */
  public Count[] cooccurTimeline(String view, String a, String b, long[] steps) {
    return timeline(steps, cooccurrenceCounter(view, a, b, 0));
  }

  /** Whether {@code a} and {@code b} are a declared pair of the {@code entities} view. */
  public boolean isDeclaredPair(String a, String b) {
    return manifest.addedView(EntitiesView.NAME) != null
        && declaredPairs().contains(EntityPairs.term(a.strip(), b.strip()));
  }

  private Set<String> declaredPairs() {
    Set<String> pairs = declaredPairs;
    if (pairs == null) {
      Path file = IndexLayout.of(dir).declaredPairs(EntitiesView.NAME);
      try {
        pairs = Files.exists(file) ? Set.copyOf(Files.readAllLines(file, StandardCharsets.UTF_8)) : Set.of();
      } catch (IOException e) {
        throw new StepIndexException("cannot read " + file + ": " + e.getMessage(), e);
      }
      declaredPairs = pairs;
    }
    return pairs;
  }

  private ShardCounter counter(ViewQuery query) {
    QueryState state = state(query.cacheKey(), key -> new QueryState(query));
    return state::count;
  }

  private ShardCounter cooccurrenceCounter(String view, String a, String b, int window) {
    if (window > 0) {
      if (!view.equals(TextView.NAME)) {
        throw new StepIndexException("--window works on the text view only, not on '" + view + "'");
      }
      return counter(compileNear(a, b, window));
    }
    ViewQuery qa = compile(view, a);
    ViewQuery qb = compile(view, b);
    if (view.equals(EntitiesView.NAME) && isDeclaredPair(a, b)) {
      ViewQuery pair = new ViewQuery(EntitiesView.PAIRS_FIELD, a + " & " + b,
          new TermQuery(new Term(EntitiesView.PAIRS_FIELD, EntityPairs.term(a.strip(), b.strip()))));
      return counter(pair);
    }
    if (qa.isSingleTerm() && qb.isSingleTerm()) {
      Term ta = ((TermQuery) qa.query()).getTerm();
      Term tb = ((TermQuery) qb.query()).getTerm();
      String key = "and-terms\u0001" + qa.cacheKey() + "\u0001" + qb.cacheKey();
      QueryState both =
          state(key, k -> new QueryState(shard -> MatchCache.conjunction(shards.get(shard).searcher(), ta, tb)));
      return both::count;
    }
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
      if (totals[shard] == null && term != null && termStats != null && !termStatsFailed
          && termStats.covers(shard)) {
        fromTable();
      }
      if (totals[shard] == null) {
        try {
          totals[shard] = term != null ? termStatistics(shards.get(shard), term.getTerm()) : matches(shard).total();
        } catch (UncheckedIOException | IndexOutOfBoundsException e) {
          throw damaged(dir, shards.get(shard).info());
        }
      }
      return totals[shard];
    }

    /**
     * Fills the totals of every shard the table covers from one lookup; a table that fails to read is a warning, and
     * the shards are counted from their own files.
     */
    private void fromTable() {
      Count[] counts;
      try {
        counts = termStats.lookup(term.getTerm());
      } catch (UncheckedIOException | IndexOutOfBoundsException e) {
        if (!termStatsFailed) {
          termStatsFailed = true;
          warnings.accept("the term statistics table of " + dir + " is damaged (" + e.getMessage()
              + "); counting shard by shard. Run stepindex verify --index " + dir + " --repair to rebuild it");
        }
        return;
      }
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] != null && totals[i] == null) {
          totals[i] = counts[i];
        }
      }
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

  /**
   * How many shards' term statistics come from the index's term statistics table (one seek for all of them); the
   * others' from one seek in each shard.
   */
  public int shardsInTermStatsTable() {
    return termStats == null ? 0 : termStats.coveredShards();
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
      for (LeafReaderContext leaf : shard.searcher().getIndexReader().leaves()) {
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
        for (DirectoryReader reader : shard.all()) {
          for (String file : reader.getIndexCommit().getFileNames()) {
            bytes += reader.directory().fileLength(file);
          }
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
    if (termStats != null) {
      try {
        termStats.close();
      } catch (IOException e) {
        // closing read-only files: nothing to recover
      }
    }
  }

  private static void closeAll(List<Shard> shards) {
    for (Shard shard : shards) {
      IndexReader top = shard.searcher().getIndexReader();
      if (top != shard.reader()) {
        // The parallel reader that joins the side indexes holds a reference to each (it was made with
        // closeSubReaders false): until it is closed, closing them only drops our reference and every file of the
        // shard stays mapped, a leak of memory mappings per open that ends in "Map failed".
        try {
          top.close();
        } catch (IOException e) {
          // closing read-only files: nothing to recover
        }
      }
      for (DirectoryReader reader : shard.all()) {
        try {
          reader.close();
          reader.directory().close();
        } catch (IOException e) {
          // closing read-only files: nothing to recover
        }
      }
    }
  }
}
