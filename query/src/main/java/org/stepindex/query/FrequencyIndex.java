package org.stepindex.query;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.lucene.search.IndexSearcher;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;
import org.stepindex.indexer.views.TextView;

/**
 * An open step-keyed index: exact counts of a query over the sequences of any step range.
 *
 * <p>"At step S" means the sequences {@code [0, S·B)} that checkpoint {@code stepS} has seen. A
 * shard entirely inside the range contributes its totals (term statistics for a single term, else
 * its {@link ShardMatches}); a shard cut by the range contributes the matches below the cut, found
 * by a rank query on its match bitmap. What a query costs once per shard (a term seek, a postings
 * walk) is remembered for the queries asked most recently, so a batch of queries × checkpoints or a
 * timeline pays it once.
 *
 * <p>This is the facade of the engine: the open shards, their statistics and the view policy are a
 * {@code ShardSet}, the remembered queries and their memory a {@code QueryCache}, and how two
 * queries' co-occurrence is counted a {@code Cooccurrence}.
 *
 * <p>Opening reads the manifest alone: a shard is opened when a count first needs its own files,
 * and the term statistics table when a term is first counted, so a count at a checkpoint opens at
 * most the one shard its step cuts (a short command's start; a damaged shard that a count does not
 * need is not met). {@link #as} gives the same open index to a caller that names its directory
 * otherwise (a server answering a command line as a new process would).
 *
 * <p>Thread-safe for concurrent queries.
 */
public final class FrequencyIndex implements AutoCloseable {
  /**
   * Match sets remembered across queries take at most this share of the heap; older queries are
   * forgotten first.
   */
  private static final double REMEMBERED_HEAP_SHARE = 0.25;

  private static final Consumer<String> STDERR_WARNINGS =
      line -> System.err.println("stepindex: warning: " + line);

  private final ShardSet shards;
  private final QueryCache cache;
  private final Cooccurrence cooccurrence;

  private FrequencyIndex(ShardSet shards, QueryCache cache, Cooccurrence cooccurrence) {
    this.shards = shards;
    this.cache = cache;
    this.cooccurrence = cooccurrence;
  }

  /**
   * Opens the index in {@code dir} as its manifest lists it now; a missing index or a damaged shard
   * is a user error. Writers extending the index meanwhile do not change what this instance answers
   * from. Warnings (a damaged match cache, recomputed) go to stderr.
   */
  public static FrequencyIndex open(Path dir) {
    return open(dir, STDERR_WARNINGS);
  }

  /** {@link #open(Path)}, with warnings going to {@code warnings}, one line each. */
  public static FrequencyIndex open(Path dir, Consumer<String> warnings) {
    return open(dir, defaultRememberedBytes(), warnings, true);
  }

  /**
   * Opens the index, remembering per-query match sets up to about {@code rememberedBytesLimit}
   * bytes.
   */
  static FrequencyIndex open(Path dir, long rememberedBytesLimit) {
    return open(dir, rememberedBytesLimit, STDERR_WARNINGS, true);
  }

  /**
   * Opens the index without its term statistics table, so that every count is read from each
   * shard's own files: the baseline of {@code bench --scale}, and the independent side of checks of
   * the table. Answers are the same.
   */
  public static FrequencyIndex openShardByShard(Path dir) {
    return open(dir, defaultRememberedBytes(), STDERR_WARNINGS, false);
  }

  private static long defaultRememberedBytes() {
    return (long) (Runtime.getRuntime().maxMemory() * REMEMBERED_HEAP_SHARE);
  }

  private static FrequencyIndex open(
      Path dir, long rememberedBytesLimit, Consumer<String> warnings, boolean useTable) {
    ShardSet shards = ShardSet.open(dir, warnings, useTable);
    QueryCache cache = new QueryCache(shards.manifest().shards(), rememberedBytesLimit);
    return new FrequencyIndex(shards, cache, new Cooccurrence(cache));
  }

  /**
   * This open index as a caller that names its directory {@code dir} sees it: the same shards,
   * table and remembered queries, with messages that name {@code dir} and warnings that go to
   * {@code warnings}, exactly as an index opened from {@code dir} in a process of its own would say
   * them. Closing the view closes nothing; it is valid while this index is open.
   *
   * @param dir the index directory as the caller names it
   * @param warnings where the caller's warnings go, one line each
   * @return a view of this index
   */
  public FrequencyIndex as(Path dir, Consumer<String> warnings) {
    return new FrequencyIndex(shards.as(dir, warnings), cache, cooccurrence);
  }

  /** The index's manifest. */
  public Manifest manifest() {
    return shards.manifest();
  }

  /** The index directory. */
  public Path dir() {
    return shards.dir();
  }

  /**
   * The first step not covered by the shards contiguous from step 0: counts "at step S" need S ≤
   * this.
   */
  public long coveredEnd() {
    return shards.coveredEnd();
  }

  /** The indexed step ranges, merged, e.g. {@code 0:4000, 6000:7000}. */
  public String indexedRanges() {
    return shards.manifest().indexedRanges();
  }

  /**
   * Compiles a query for a view of this index (the view must have been built). Queries compiled
   * recently are remembered: a server asked the same query again skips the parse, which costs more
   * than a count at a checkpoint.
   */
  public ViewQuery compile(String view, String query) {
    return cache.compile(view, query, shards);
  }

  /**
   * Refuses a view the index was neither built with nor has added to every shard, saying how to get
   * it.
   */
  public void checkView(String view) {
    shards.checkView(view);
  }

  /** The text-view query "a within {@code window} words of b", as a Lucene interval query. */
  public ViewQuery compileNear(String a, String b, int window) {
    return cooccurrence.near(a, b, window, shards);
  }

  /** Matches in the sequences seen by checkpoint {@code step}: steps {@code [0, step)}. */
  public Count countAt(ViewQuery query, long step) {
    return countRange(query, 0, step);
  }

  /** Matches in the sequences of steps {@code [from, to)}. */
  public Count countRange(ViewQuery query, long from, long to) {
    return shards.countRange(from, to, cache.counter(query, shards));
  }

  /**
   * The cumulative count at each of {@code steps} (each "at step S"), in one pass: each shard's
   * total is computed once and summed as a prefix; only a step that cuts a shard looks inside it.
   */
  public Count[] timeline(ViewQuery query, long[] steps) {
    return shards.timeline(steps, cache.counter(query, shards));
  }

  /**
   * Sequences of steps {@code [from, to)} containing both {@code a} and {@code b} (text view). With
   * {@code window} > 0, only sequences where they occur within {@code window} words of each other
   * count, and occurrences are the near pairs Lucene's interval query finds; without, occurrences
   * are those of {@code +(a) +(b)}.
   */
  public Count cooccur(String a, String b, long from, long to, int window) {
    return shards.countRange(from, to, cooccurrence.counter(TextView.NAME, a, b, window, shards));
  }

  /** {@link #cooccur} at each of {@code steps} ("at step S"), in one pass as {@link #timeline}. */
  public Count[] cooccurTimeline(String a, String b, int window, long[] steps) {
    return shards.timeline(steps, cooccurrence.counter(TextView.NAME, a, b, window, shards));
  }

  /**
   * Sequences of steps {@code [from, to)} holding both {@code a} and {@code b}, two queries of
   * {@code view}; occurrences are those of both in those sequences. For the {@code entities} view a
   * declared pair is term statistics; two terms of any view are intersected at the cost of the
   * rarer one's postings; anything else intersects match sets.
   */
  public Count cooccur(String view, String a, String b, long from, long to) {
    return shards.countRange(from, to, cooccurrence.counter(view, a, b, 0, shards));
  }

  /** {@link #cooccur(String, String, String, long, long)} at each of {@code steps}, in one pass. */
  public Count[] cooccurTimeline(String view, String a, String b, long[] steps) {
    return shards.timeline(steps, cooccurrence.counter(view, a, b, 0, shards));
  }

  /** Whether {@code a} and {@code b} are a declared pair of the {@code entities} view. */
  public boolean isDeclaredPair(String a, String b) {
    return cooccurrence.isDeclaredPair(a, b, shards);
  }

  /**
   * How many shards' term statistics come from the index's term statistics table (one seek for all
   * of them); the others' from one seek in each shard.
   */
  public int shardsInTermStatsTable() {
    return shards.shardsInTermStatsTable();
  }

  /**
   * Whether the table's statistics of {@code view}'s terms are read {@linkplain
   * org.stepindex.indexer.store.HashedTermStats by hash} (two reads a lookup at any size).
   */
  boolean readsHashedStatistics(String view) {
    return shards.readsHashedStatistics(view);
  }

  /** The one line a query prints when a read of a shard meets damage. */
  public static StepIndexException damaged(Path dir, ShardInfo shard) {
    return ShardSet.damaged(dir, shard);
  }

  /**
   * Refuses, with the one line a count prints, a step range {@code [from, to)} that is not wholly
   * indexed or lies outside the data; for commands that walk matches themselves ({@code
   * query.history}).
   */
  public void checkSteps(long from, long to) {
    shards.checkRange(from, to);
  }

  /**
   * The searcher of shard {@code shard} (its position in {@code manifest().shards()}), whose doc
   * {@code d} is sequence {@code firstSequence + d}: for walks of matches in training order that
   * stop early ({@code find}, {@code next}).
   */
  public IndexSearcher searcher(int shard) {
    return shards.get(shard).searcher();
  }

  /**
   * The matches of {@code query} in shard {@code shard}, every matching sequence with its
   * occurrences, remembered as a count remembers them (the same sets, so what {@code exposures}
   * derives from them agrees with {@code count}). A damaged shard is the one line of {@link
   * #damaged}.
   */
  public ShardMatches matches(ViewQuery query, int shard) {
    return cache.state(query).matches(shard, shards);
  }

  /**
   * The sequences of shard {@code shard} holding both {@code a} and {@code b} of {@code view}, with
   * the occurrences {@link #cooccur} counts in each (within {@code window} words of each other when
   * it is positive, text view only).
   */
  public ShardMatches cooccurMatches(String view, String a, String b, int window, int shard) {
    return cooccurrence.state(view, a, b, window, shards).matches(shard, shards);
  }

  /** Bytes of the match sets remembered across queries (for tests of the bound). */
  long rememberedBytes() {
    return cache.rememberedBytes();
  }

  /** Bytes on disk of the shards' Lucene files (match caches excluded). */
  public long indexBytes() {
    return shards.indexBytes();
  }

  @Override
  public void close() {
    shards.close();
  }
}
