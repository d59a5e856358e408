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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Function;
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
import org.stepindex.indexer.store.ViewAdder;
import org.stepindex.indexer.views.BigramsView;
import org.stepindex.indexer.views.TextView;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.query.trace.Phases;

/**
 * An open step-keyed index: exact counts of a query over the sequences of any step range.
 *
 * <p>"At step S" means the sequences {@code [0, S·B)} that checkpoint {@code stepS} has seen. A shard entirely inside
 * the range contributes its totals (term statistics for a single term, else its {@link ShardMatches}); a shard cut by
 * the range contributes the matches below the cut, found by a rank query on its match bitmap. What a query costs
 * once per shard (a term seek, a postings walk) is remembered for the queries asked most recently, so a batch of
 * queries × checkpoints or a timeline pays it once.
 *
 * <p>Opening reads the manifest alone: a shard is opened when a count first needs its own files, and the term
 * statistics table when a term is first counted, so a single count at a checkpoint reads the manifest, the table and
 * at most the one shard its step cuts, whatever the number of shards (a short command's start, and a damaged shard
 * that a count does not need is not met). {@link #as} gives the same open index to a caller that names its directory
 * otherwise (a server answering a command line exactly as a new process would).
 *
 * <p>Thread-safe for concurrent queries.
 */
public final class FrequencyIndex implements AutoCloseable {
  private static final int REMEMBERED_QUERIES = 4096;
  /** Match sets remembered across queries take at most this share of the heap; older queries are forgotten first. */
  private static final double REMEMBERED_HEAP_SHARE = 0.25;
  private static final Consumer<String> STDERR_WARNINGS = line -> System.err.println("stepindex: warning: " + line);

  /** What is open, shared by every view of the index ({@link #as}). */
  private final Opened opened;
  /** The index directory as this view's caller names it: what its messages say. */
  private final Path dir;
  private final Consumer<String> warnings;
  /** Whether closing this view closes the files (false for the views {@link #as} makes). */
  private final boolean owner;
  /** Whether this view said what there was to say about the table (once per view, as once per process). */
  private final AtomicBoolean tableNoticeSaid = new AtomicBoolean();
  private final AtomicBoolean tableFailureSaid = new AtomicBoolean();

  /**
   * One shard, open for reading: its own Lucene index ({@code reader}) and the side indexes of added views
   * ({@code sides}), which the searcher reads as one index (same doc ids, fields side by side).
   */
  record Shard(ShardInfo info, Path dir, DirectoryReader reader, List<DirectoryReader> sides, IndexSearcher searcher) {
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

  /** How a query's match set in one shard is found; {@code caller} hears the warnings. */
  @FunctionalInterface
  private interface Collect {
    ShardMatches apply(int shard, FrequencyIndex caller);
  }

  /**
   * Damage met reading shard {@code shard}, on its way to the view that asked, which says it with the directory as
   * its caller names it ({@link #damaged}).
   */
  private static final class ShardDamage extends RuntimeException {
    final int shard;

    ShardDamage(int shard) {
      super(null, null, false, false);
      this.shard = shard;
    }
  }

  private FrequencyIndex(Opened opened, Path dir, Consumer<String> warnings, boolean owner) {
    this.opened = opened;
    this.dir = dir;
    this.warnings = warnings;
    this.owner = owner;
  }

  /**
   * Opens the index in {@code dir} as its manifest lists it now; a missing index is a user error, and a damaged
   * shard one when a count needs it. Writers extending the index meanwhile do not change what this instance answers
   * from. Warnings (a damaged match cache, recomputed) go to stderr.
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
    Phases.mark("manifest");
    return new FrequencyIndex(new Opened(dir, manifest, useTable, rememberedBytesLimit), dir, warnings, true);
  }

  /**
   * This open index as a caller that names its directory {@code dir} sees it: the same shards, table and remembered
   * queries, with messages that name {@code dir} and warnings that go to {@code warnings}, exactly as an index opened
   * from {@code dir} in a process of its own would say them. Closing the view closes nothing; it is valid while this
   * index is open.
   */
  public FrequencyIndex as(Path dir, Consumer<String> warnings) {
    return new FrequencyIndex(opened, dir, warnings, false);
  }

  /** The one line a query prints when a read of a shard meets damage. */
  static StepIndexException damaged(Path dir, ShardInfo shard) {
    return new StepIndexException("shard " + shard.name() + " of " + dir + " is damaged; run stepindex verify --index "
        + dir);
  }

  private StepIndexException damaged(ShardDamage e) {
    return damaged(dir, opened.infos.get(e.shard));
  }

  /** The table, when this index uses one that fits, having said once what there is to say about it. */
  private TermStats table() {
    TermStats.Opening opening = opened.table();
    if (opening.notice() != null && !tableNoticeSaid.getAndSet(true)) {
      warnings.accept(opening.notice().apply(dir));
    }
    return opening.table();
  }

  /** Says once that the table failed to read (here or in another view) and counts go shard by shard. */
  private void sayTableFailure() {
    if (!tableFailureSaid.getAndSet(true)) {
      warnings.accept("the term statistics table of " + dir + " is damaged (" + opened.tableFailure
          + "); counting shard by shard. Run stepindex verify --index " + dir + " --repair to rebuild it");
    }
  }

  /** The index's manifest. */
  public Manifest manifest() {
    return opened.manifest;
  }

  /** The index directory, as the caller names it. */
  public Path dir() {
    return dir;
  }

  /** The first step not covered by the shards contiguous from step 0: counts "at step S" need S ≤ this. */
  public long coveredEnd() {
    return opened.coveredEnd;
  }

  /** The indexed step ranges, merged, e.g. {@code 0:4000, 6000:7000}. */
  public String indexedRanges() {
    return opened.manifest.indexedRanges();
  }

  /**
   * Compiles a query for a view of this index (the view must have been built). Queries compiled recently are
   * remembered: a server asked the same query again skips the parse, which costs more than a count at a checkpoint.
   */
  public ViewQuery compile(String view, String query) {
    String key = view + "\u0000" + query;
    synchronized (opened.compiled) {
      ViewQuery known = opened.compiled.get(key);
      if (known != null) {
        return known;
      }
    }
    ViewQuery q = parse(view, query);
    synchronized (opened.compiled) {
      opened.compiled.put(key, q);
    }
    return q;
  }

  private ViewQuery parse(String view, String query) {
    checkView(view);
    ViewQuery compiled = ViewQuery.compile(view, query, opened.manifest.tokenizer().vocabSize());
    return view.equals(TextView.NAME) && hasCompleteView(BigramsView.NAME) ? compiled.throughBigrams() : compiled;
  }

  /** Whether the view was built with the index or added to every shard. */
  private boolean hasCompleteView(String view) {
    Manifest manifest = opened.manifest;
    Manifest.AddedView added = manifest.addedView(view);
    return manifest.views().contains(view) || (added != null && added.shards().size() == manifest.shards().size());
  }

  /** Refuses a view the index was neither built with nor has added to every shard, saying how to get it. */
  public void checkView(String view) {
    Manifest manifest = opened.manifest;
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
    return opened.manifest.addedView(EntitiesView.NAME) != null
        && declaredPairs().contains(EntityPairs.term(a.strip(), b.strip()));
  }

  private Set<String> declaredPairs() {
    Set<String> pairs = opened.declaredPairs;
    if (pairs == null) {
      Path file = opened.dir.resolve(ViewAdder.VIEWS_DIR).resolve(EntitiesView.NAME).resolve(ViewAdder.PAIRS_FILE);
      try {
        pairs = Files.exists(file) ? Set.copyOf(Files.readAllLines(file, StandardCharsets.UTF_8)) : Set.of();
      } catch (IOException e) {
        Path named = dir.resolve(ViewAdder.VIEWS_DIR).resolve(EntitiesView.NAME).resolve(ViewAdder.PAIRS_FILE);
        throw new StepIndexException("cannot read " + named + ": " + e.getMessage(), e);
      }
      opened.declaredPairs = pairs;
    }
    return pairs;
  }

  private ShardCounter counter(ViewQuery query) {
    QueryState state = opened.state(query.cacheKey(), key -> new QueryState(opened, query));
    return (shard, lo, hi) -> state.count(shard, lo, hi, this);
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
    Opened o = opened;
    QueryState both;
    if (qa.isSingleTerm() && qb.isSingleTerm()) {
      Term ta = ((TermQuery) qa.query()).getTerm();
      Term tb = ((TermQuery) qb.query()).getTerm();
      String key = "and-terms\u0001" + qa.cacheKey() + "\u0001" + qb.cacheKey();
      both = o.state(key, k -> new QueryState(o,
          (shard, caller) -> MatchCache.conjunction(o.shard(shard).searcher(), ta, tb)));
    } else {
      QueryState sa = o.state(qa.cacheKey(), key -> new QueryState(o, qa));
      QueryState sb = o.state(qb.cacheKey(), key -> new QueryState(o, qb));
      String key = "and\u0001" + qa.cacheKey() + "\u0001" + qb.cacheKey();
      both = o.state(key, k -> new QueryState(o,
          (shard, caller) -> intersection(sa.matches(shard, caller), sb.matches(shard, caller))));
    }
    return (shard, lo, hi) -> both.count(shard, lo, hi, this);
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

  private Count countRange(long from, long to, ShardCounter counter) {
    checkRange(from, to);
    Manifest manifest = opened.manifest;
    StepLayout layout = manifest.layout();
    long firstSeq = layout.firstSequence(from);
    long endSeq = Math.min(layout.firstSequence(to), manifest.data().sequences());
    Count total = Count.ZERO;
    List<ShardInfo> infos = opened.infos;
    try {
      for (int i = 0; i < infos.size(); i++) {
        ShardInfo info = infos.get(i);
        if (info.endSequence() <= firstSeq || info.firstSequence() >= endSeq) {
          continue;
        }
        int lo = (int) Math.max(0, firstSeq - info.firstSequence());
        int hi = (int) Math.min(info.sequences(), endSeq - info.firstSequence());
        total = total.plus(counter.count(i, lo, hi));
      }
    } catch (ShardDamage e) {
      throw damaged(e);
    }
    return total;
  }

  private Count[] timeline(long[] steps, ShardCounter counter) {
    for (long step : steps) {
      checkRange(0, step);
    }
    // After checkRange every step lies within the shards contiguous from step 0, which come first in `infos`.
    List<ShardInfo> infos = opened.infos;
    long coveredEnd = opened.coveredEnd;
    Count[] prefix = new Count[infos.size() + 1];
    prefix[0] = Count.ZERO;
    int computed = 0;
    Manifest manifest = opened.manifest;
    StepLayout layout = manifest.layout();
    Count[] result = new Count[steps.length];
    try {
      for (int i = 0; i < steps.length; i++) {
        long endSeq = Math.min(layout.firstSequence(steps[i]), manifest.data().sequences());
        int whole = 0;
        while (whole < infos.size() && infos.get(whole).endStep() <= coveredEnd
            && infos.get(whole).endSequence() <= endSeq) {
          whole++;
        }
        for (; computed < whole; computed++) {
          prefix[computed + 1] =
              prefix[computed].plus(counter.count(computed, 0, (int) infos.get(computed).sequences()));
        }
        Count count = prefix[whole];
        if (whole < infos.size() && infos.get(whole).firstSequence() < endSeq) {
          count = count.plus(counter.count(whole, 0, (int) (endSeq - infos.get(whole).firstSequence())));
        }
        result[i] = count;
      }
    } catch (ShardDamage e) {
      throw damaged(e);
    }
    return result;
  }

  /**
   * What one query costs per shard, paid once: the shard's total count and, when a count must look inside a shard or
   * the query is more than a term, its match set (from the on-disk cache, else one postings walk). Shared by the
   * views of the index; each call names the view that asks ({@code caller}), which hears the warnings.
   */
  private static final class QueryState {
    private final Opened opened;
    private final Collect collect;
    private final TermQuery term;
    private final Count[] totals;
    private final ShardMatches[] matches;
    /**
     * Guards {@code bytes} and {@code forgotten} apart from this state's own monitor, which is held during a postings
     * walk: eviction (under the lock of {@code states}) must not wait for one, or every query would wait with it.
     */
    private final Object accounting = new Object();
    private long bytes;
    private boolean forgotten;

    QueryState(Opened opened, ViewQuery query) {
      this.opened = opened;
      this.term = query.isSingleTerm() ? (TermQuery) query.query() : null;
      // A term's match set is one cheap postings walk: not worth a cache file.
      this.collect =
          term != null
              ? (shard, caller) -> MatchCache.collect(opened.shard(shard).searcher(), query.query())
              : (shard, caller) -> MatchCache.load(opened.shard(shard), caller.shardDir(shard), query,
                  caller.warnings);
      this.totals = new Count[opened.infos.size()];
      this.matches = new ShardMatches[opened.infos.size()];
    }

    QueryState(Opened opened, Collect collect) {
      this.opened = opened;
      this.term = null;
      this.collect = collect;
      this.totals = new Count[opened.infos.size()];
      this.matches = new ShardMatches[opened.infos.size()];
    }

    Count count(int shard, int lo, int hi, FrequencyIndex caller) {
      if (lo >= hi) {
        return Count.ZERO;
      }
      if (lo == 0 && hi == opened.infos.get(shard).sequences()) {
        return total(shard, caller);
      }
      ShardMatches m = matches(shard, caller);
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

    synchronized Count total(int shard, FrequencyIndex caller) {
      if (totals[shard] == null && term != null) {
        TermStats table = caller.table();
        if (table != null && table.covers(shard)) {
          if (opened.tableFailure == null) {
            fromTable(table, caller);
          } else {
            caller.sayTableFailure(); // failed in another view: said in each, as each process would
          }
        }
      }
      if (totals[shard] == null) {
        try {
          totals[shard] =
              term != null ? termStatistics(opened.shard(shard), term.getTerm()) : matches(shard, caller).total();
        } catch (UncheckedIOException | IndexOutOfBoundsException e) {
          throw new ShardDamage(shard);
        }
      }
      return totals[shard];
    }

    /**
     * Fills the totals of every shard the table covers from one lookup; a table that fails to read is a warning, and
     * the shards are counted from their own files.
     */
    private void fromTable(TermStats table, FrequencyIndex caller) {
      Count[] counts;
      try {
        counts = table.lookup(term.getTerm());
      } catch (UncheckedIOException | IndexOutOfBoundsException e) {
        opened.tableFailed(e.getMessage());
        caller.sayTableFailure();
        return;
      }
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] != null && totals[i] == null) {
          totals[i] = counts[i];
        }
      }
    }

    synchronized ShardMatches matches(int shard, FrequencyIndex caller) {
      if (matches[shard] == null) {
        try {
          matches[shard] = collect.apply(shard, caller);
        } catch (UncheckedIOException | IndexOutOfBoundsException e) {
          // A corrupt index, a truncated file, a checksum mismatch met on the way: Lucene's reads raise these.
          throw new ShardDamage(shard);
        }
        synchronized (accounting) {
          if (!forgotten) {
            bytes += matches[shard].bytes();
            opened.rememberedBytes.addAndGet(matches[shard].bytes());
          }
        }
      }
      return matches[shard];
    }
  }

  /** The directory of shard {@code shard} as this view's caller names it. */
  private Path shardDir(int shard) {
    return dir.resolve("shards").resolve(opened.infos.get(shard).name());
  }

  /**
   * How many shards' term statistics come from the index's term statistics table (one seek for all of them); the
   * others' from one seek in each shard.
   */
  public int shardsInTermStatsTable() {
    TermStats table = table();
    return table == null ? 0 : table.coveredShards();
  }

  /** Bytes of the match sets remembered across queries (for tests of the bound). */
  long rememberedBytes() {
    return opened.rememberedBytes.get();
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
    long dataSteps = opened.manifest.dataSteps();
    if (to > dataSteps) {
      throw new StepIndexException(
          "step " + to + " is beyond the data, which ends at step " + dataSteps + " (batch size "
              + opened.manifest.layout().batchSize() + ")");
    }
    if (to <= opened.coveredEnd) {
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
    List<ShardInfo> infos = opened.infos;
    int lo = 0;
    int hi = infos.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      ShardInfo info = infos.get(mid);
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

  /** Bytes on disk of the shards' Lucene files (match caches excluded); opens every shard. */
  public long indexBytes() {
    long bytes = 0;
    try {
      for (int i = 0; i < opened.infos.size(); i++) {
        for (DirectoryReader reader : opened.shard(i).all()) {
          for (String file : reader.getIndexCommit().getFileNames()) {
            bytes += reader.directory().fileLength(file);
          }
        }
      }
    } catch (ShardDamage e) {
      throw damaged(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes;
  }

  @Override
  public void close() {
    if (owner) {
      opened.close();
    }
  }

  /**
   * The files of one index as opened, shared by its views: the manifest read at open, each shard opened on first use,
   * the term statistics table opened when a term is first counted, and the queries remembered across calls.
   */
  private static final class Opened {
    /** The index directory as it was opened: where files are read. */
    final Path dir;
    final Manifest manifest;
    final List<ShardInfo> infos;
    final long coveredEnd;
    final boolean useTable;
    final long rememberedBytesLimit;
    final AtomicLong rememberedBytes = new AtomicLong();
    private final AtomicReferenceArray<Shard> shards;
    /** The table's opening, once a count first asked for it. */
    private volatile TermStats.Opening table;
    /** Why the table failed to read, once it has: then every shard is counted from its own files. */
    volatile String tableFailure;
    /** Declared pairs of added entity views, as terms of their pairs field; read on first use. */
    volatile Set<String> declaredPairs;
    private boolean closed;
    final Map<String, QueryState> states =
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
    final Map<String, ViewQuery> compiled =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, ViewQuery> eldest) {
            return size() > REMEMBERED_QUERIES;
          }
        };

    Opened(Path dir, Manifest manifest, boolean useTable, long rememberedBytesLimit) {
      this.dir = dir;
      this.manifest = manifest;
      this.infos = List.copyOf(manifest.shards());
      this.useTable = useTable;
      this.rememberedBytesLimit = rememberedBytesLimit;
      this.shards = new AtomicReferenceArray<>(infos.size());
      long end = 0;
      for (ShardInfo info : infos) {
        if (info.firstStep() != end) {
          break;
        }
        end = info.endStep();
      }
      this.coveredEnd = end;
    }

    QueryState state(String key, Function<String, QueryState> create) {
      synchronized (states) {
        return states.computeIfAbsent(key, create);
      }
    }

    /** Shard {@code i}, opened on first use; one that does not open is {@link ShardDamage}. */
    Shard shard(int i) {
      Shard shard = shards.get(i);
      if (shard != null) {
        return shard;
      }
      synchronized (this) {
        shard = shards.get(i);
        if (shard == null) {
          if (closed) {
            throw new IllegalStateException("the index " + dir + " is closed");
          }
          shard = openShard(dir, manifest, infos.get(i), i);
          shards.set(i, shard);
          Phases.mark("shard");
        }
        return shard;
      }
    }

    /** The table's opening, on first use (null table when not used, or none fits). */
    TermStats.Opening table() {
      TermStats.Opening opening = table;
      if (opening != null) {
        return opening;
      }
      synchronized (this) {
        if (table == null) {
          table = useTable ? TermStats.tryOpen(dir, sources()) : new TermStats.Opening(null, null);
          Phases.mark("table");
        }
        return table;
      }
    }

    void tableFailed(String message) {
      if (tableFailure == null) {
        tableFailure = String.valueOf(message);
      }
    }

    /**
     * Per shard, the key and identity of each of its sources (its own index and its views' side indexes): from the
     * reader of a shard already open, else from the segments file of its latest commit, so that learning which shards
     * the table copies opens none. A source whose commit does not read has no identity the table could match.
     */
    private List<Map<String, String>> sources() {
      List<Map<String, String>> all = new ArrayList<>();
      for (int i = 0; i < infos.size(); i++) {
        ShardInfo info = infos.get(i);
        Map<String, String> sources = new LinkedHashMap<>();
        Shard open = shards.get(i);
        sources.put(TermStatsTable.key(info.name()), open != null ? TermStatsTable.identity(open.reader())
            : identity(dir.resolve("shards").resolve(info.name())));
        int side = 0;
        for (Manifest.AddedView view : manifest.addedViews()) {
          if (view.shards().contains(info.name())) {
            sources.put(TermStatsTable.key(info.name(), view.name()),
                open != null ? TermStatsTable.identity(open.sides().get(side))
                    : identity(dir.resolve(ViewAdder.VIEWS_DIR).resolve(view.name()).resolve(info.name())));
            side++;
          }
        }
        all.add(Map.copyOf(sources));
      }
      return all;
    }

    private static String identity(Path sourceDir) {
      try (FSDirectory directory = FSDirectory.open(sourceDir)) {
        return TermStatsTable.identity(directory);
      } catch (IOException | RuntimeException e) {
        return "unreadable"; // never a table's identity: the shard is counted from its own files, or found damaged
      }
    }

    synchronized void close() {
      closed = true;
      for (int i = 0; i < shards.length(); i++) {
        Shard shard = shards.getAndSet(i, null);
        if (shard != null) {
          closeShard(shard);
        }
      }
      TermStats.Opening opening = table;
      if (opening != null && opening.table() != null) {
        try {
          opening.table().close();
        } catch (IOException e) {
          // closing read-only files: nothing to recover
        }
      }
    }
  }

  /**
   * Opens a shard with the side indexes of the views added to it, read as one index (same sequences in the same
   * order, one segment each, so the side indexes' fields join the shard's docs). Anything that does not open is
   * damage ({@link ShardDamage}, said by the view that asked); what was opened is closed again. Lucene checks each
   * file's header and footer (so a truncated file is found here) but not its checksum, which would read every byte:
   * that is {@code stepindex verify}'s job.
   */
  private static Shard openShard(Path dir, Manifest manifest, ShardInfo info, int index) {
    Path shardDir = dir.resolve("shards").resolve(info.name());
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
      for (Manifest.AddedView view : manifest.addedViews()) {
        if (view.shards().contains(info.name())) {
          FSDirectory sideDirectory =
              FSDirectory.open(dir.resolve(ViewAdder.VIEWS_DIR).resolve(view.name()).resolve(info.name()));
          opened.add(sideDirectory);
          DirectoryReader side = DirectoryReader.open(sideDirectory);
          opened.add(side);
          sides.add(side);
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
      return new Shard(info, shardDir, reader, List.copyOf(sides), searcher);
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(opened);
      throw new ShardDamage(index);
    }
  }

  private static void closeShard(Shard shard) {
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
