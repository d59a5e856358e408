package org.stepindex.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.entities.EntitiesView;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.IndexLayout;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;
import org.stepindex.indexer.store.TermStatsTable;
import org.stepindex.indexer.views.BigramsView;
import org.stepindex.indexer.views.TextView;
import org.stepindex.query.trace.Phases;

/**
 * The shards of an open index, as its manifest listed them when it was opened: each shard's own
 * Lucene index joined with the side indexes of the views added to it, the term statistics table for
 * the shards it covers, and the policy of which views a query may use. Step ranges are mapped onto
 * shards here: a count over a range is the sum of each shard's count over its part of the range,
 * given by a {@link ShardCounter}.
 *
 * <p>Opening reads the manifest alone: a shard is opened when a count first needs its own files,
 * and the term statistics table when a term is first counted (which shards it copies is learned
 * from each shard's segments file, opening none), so a count at a checkpoint reads the manifest,
 * the table and at most the one shard its step cuts. {@link #as} gives the same open shards to a
 * caller that names the index directory otherwise, with messages and warnings as a process of its
 * own would say them (a server answering a command line: {@code stepindex serve}).
 *
 * <p>Thread-safe; closed with the index.
 */
final class ShardSet implements AutoCloseable {
  /** What is open, shared by every view ({@link #as}). */
  private final Opened opened;

  /** The index directory as this view's caller names it: what its messages say. */
  private final Path dir;

  private final Consumer<String> warnings;

  /** Whether closing this view closes the files (false for the views {@link #as} makes). */
  private final boolean owner;

  /**
   * Whether this view said what there is to say about the table (once per view, as once per
   * process).
   */
  private final AtomicBoolean tableNoticeSaid = new AtomicBoolean();

  private final AtomicBoolean tableFailureSaid = new AtomicBoolean();

  private ShardSet(Opened opened, Path dir, Consumer<String> warnings, boolean owner) {
    this.opened = opened;
    this.dir = dir;
    this.warnings = warnings;
    this.owner = owner;
  }

  /**
   * The shards the manifest of the index in {@code dir} lists now, each opened on first use, and
   * with {@code useTable} its term statistics table when a term is first counted; a missing index
   * is a user error, and a damaged shard one when a count needs it.
   */
  static ShardSet open(Path dir, Consumer<String> warnings, boolean useTable) {
    Manifest manifest = Manifest.read(dir);
    Phases.mark("manifest");
    return new ShardSet(new Opened(dir, manifest, useTable), dir, warnings, true);
  }

  /**
   * These shards as a caller that names the index directory {@code dir} sees them: messages name
   * {@code dir} and warnings go to {@code warnings}. Closing the view closes nothing; it is valid
   * while this set is open.
   */
  ShardSet as(Path dir, Consumer<String> warnings) {
    return new ShardSet(opened, dir, warnings, false);
  }

  /** The one line a query prints when a read of a shard meets damage. */
  static StepIndexException damaged(Path dir, ShardInfo shard) {
    return new StepIndexException(
        "shard "
            + shard.name()
            + " of "
            + dir
            + " is damaged; run stepindex verify --index "
            + dir);
  }

  /** {@link #damaged(Path, ShardInfo)} for shard {@code shard} of this set. */
  StepIndexException damaged(int shard) {
    return damaged(dir, opened.infos.get(shard));
  }

  /** The index directory, as this view's caller names it. */
  Path dir() {
    return dir;
  }

  /** The index directory the files are read from. */
  Path filesDir() {
    return opened.dir;
  }

  /** The manifest the shards were opened from. */
  Manifest manifest() {
    return opened.manifest;
  }

  /** Where warnings go, one line each. */
  Consumer<String> warnings() {
    return warnings;
  }

  /** The number of shards. */
  int size() {
    return opened.infos.size();
  }

  /** Shard {@code shard} as the manifest lists it, in step order; opens nothing. */
  ShardInfo info(int shard) {
    return opened.infos.get(shard);
  }

  /**
   * Shard {@code shard}, in step order, opened on first use; one that does not open is {@link
   * #damaged(int)}.
   */
  Shard get(int shard) {
    try {
      return opened.shard(shard);
    } catch (StepIndexException e) {
      throw damaged(shard);
    }
  }

  /** The directory of shard {@code shard} as this view's caller names it. */
  Path shardDir(int shard) {
    return IndexLayout.of(dir).shard(opened.infos.get(shard).name());
  }

  /**
   * The first step not covered by the shards contiguous from step 0: counts "at step S" need S ≤
   * this.
   */
  long coveredEnd() {
    return opened.coveredEnd;
  }

  // The view policy.

  /** Whether the view was built with the index or added to every shard. */
  boolean hasCompleteView(String view) {
    Manifest manifest = opened.manifest;
    Manifest.AddedView added = manifest.addedView(view);
    return manifest.views().contains(view)
        || (added != null && added.shards().size() == manifest.shards().size());
  }

  /**
   * Refuses a view the index was neither built with nor has added to every shard, saying how to get
   * it.
   */
  void checkView(String view) {
    Manifest manifest = opened.manifest;
    if (!manifest.hasView(view)) {
      List<String> all = new ArrayList<>(manifest.views());
      manifest.addedViews().forEach(v -> all.add(v.name()));
      throw new StepIndexException(
          "the index at "
              + dir
              + " has no '"
              + view
              + "' view (it has "
              + String.join(", ", all)
              + "); rebuild with --views including "
              + view
              + (view.equals(EntitiesView.NAME)
                  ? ", or add it: stepindex index --index DIR --add-view entities"
                      + " --entities FILE"
                  : ""));
    }
    Manifest.AddedView added = manifest.addedView(view);
    if (!hasCompleteView(view)) {
      throw new StepIndexException(
          "the '"
              + view
              + "' view of "
              + dir
              + " covers "
              + added.shards().size()
              + " of "
              + manifest.shards().size()
              + " shards; finish it with: stepindex index --index "
              + dir
              + " --add-view "
              + view
              + (view.equals(EntitiesView.NAME) ? " --entities " + added.source() : ""));
    }
  }

  /**
   * Compiles a query of a view this index has; text-view queries go through a complete bigrams
   * view.
   */
  ViewQuery compile(String view, String query) {
    checkView(view);
    ViewQuery compiled = ViewQuery.compile(view, query, opened.manifest.tokenizer().vocabSize());
    return view.equals(TextView.NAME) && hasCompleteView(BigramsView.NAME)
        ? compiled.throughBigrams()
        : compiled;
  }

  // The shards' statistics.

  /**
   * Whether shard {@code shard}'s term statistics are read from the table (one lookup for all such
   * shards).
   */
  boolean inTable(int shard) {
    TermStats table = table();
    if (table == null || !table.covers(shard)) {
      return false;
    }
    if (opened.tableFailure != null) {
      sayTableFailure(); // failed in another view: said in each, as each process would
      return false;
    }
    return true;
  }

  /**
   * The term's statistics in every shard the table covers (null entries for the others), or null
   * when the table fails to read: that is a warning, said once, and the shards are counted from
   * their own files from then on.
   */
  Count[] tableLookup(Term term) {
    try {
      return table().lookup(term);
    } catch (UncheckedIOException | IndexOutOfBoundsException e) {
      opened.tableFailed(e.getMessage());
      sayTableFailure();
      return null;
    }
  }

  /**
   * The table, opened when first asked for, having said once in this view what there is to say
   * about it.
   */
  private TermStats table() {
    TermStats.Opening opening = opened.table();
    if (opening.notice() != null && !tableNoticeSaid.getAndSet(true)) {
      warnings.accept(opening.notice().apply(dir));
    }
    return opening.table();
  }

  private void sayTableFailure() {
    if (!tableFailureSaid.getAndSet(true)) {
      warnings.accept(
          "the term statistics table of "
              + dir
              + " is damaged ("
              + opened.tableFailure
              + "); counting shard by shard. Run stepindex verify --index "
              + dir
              + " --repair to rebuild it");
    }
  }

  /** How many shards' term statistics come from the table. */
  int shardsInTermStatsTable() {
    TermStats table = table();
    return table == null ? 0 : table.coveredShards();
  }

  /** Whether the table's statistics of {@code field} are read by hash. */
  boolean readsHashedStatistics(String field) {
    TermStats table = table();
    return table != null && table.readsHashed(field);
  }

  /**
   * docFreq and totalTermFreq of a term in shard {@code shard}, from one seek per segment (exact,
   * write-once).
   */
  Count termStatistics(int shard, Term term) {
    try {
      long docFreq = 0;
      long totalTermFreq = 0;
      for (LeafReaderContext leaf : get(shard).searcher().getIndexReader().leaves()) {
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

  // Step ranges onto shards.

  /** The sum of {@code counter} over the sequences of steps {@code [from, to)}. */
  Count countRange(long from, long to, ShardCounter counter) {
    checkRange(from, to);
    Manifest manifest = opened.manifest;
    List<ShardInfo> shards = opened.infos;
    StepLayout layout = manifest.layout();
    long firstSeq = layout.firstSequence(from);
    long endSeq = manifest.sequencesBefore(to);
    Count total = Count.ZERO;
    for (int i = 0; i < shards.size(); i++) {
      ShardInfo info = shards.get(i);
      if (info.endSequence() <= firstSeq || info.firstSequence() >= endSeq) {
        continue;
      }
      int lo = (int) Math.max(0, firstSeq - info.firstSequence());
      int hi = (int) Math.min(info.sequences(), endSeq - info.firstSequence());
      total = total.plus(counter.count(i, lo, hi));
    }
    return total;
  }

  /**
   * The cumulative count at each of {@code steps} (each "at step S"), in one pass: each shard's
   * total is computed once and summed as a prefix; only a step that cuts a shard looks inside it.
   */
  Count[] timeline(long[] steps, ShardCounter counter) {
    for (long step : steps) {
      checkRange(0, step);
    }
    // After checkRange every step lies within the shards contiguous from step 0, which come first
    // in `shards`.
    Manifest manifest = opened.manifest;
    List<ShardInfo> shards = opened.infos;
    long coveredEnd = opened.coveredEnd;
    Count[] prefix = new Count[shards.size() + 1];
    prefix[0] = Count.ZERO;
    int computed = 0;
    Count[] result = new Count[steps.length];
    // The shards wholly before a step are a prefix of `shards`, longer for a later step: steps in
    // order (as --steps gives them) go on from the previous step's prefix instead of from 0.
    int whole = 0;
    long previousEndSeq = 0;
    for (int i = 0; i < steps.length; i++) {
      long endSeq = manifest.sequencesBefore(steps[i]);
      if (endSeq < previousEndSeq) {
        whole = 0;
      }
      previousEndSeq = endSeq;
      while (whole < shards.size()
          && shards.get(whole).endStep() <= coveredEnd
          && shards.get(whole).endSequence() <= endSeq) {
        whole++;
      }
      for (; computed < whole; computed++) {
        prefix[computed + 1] =
            prefix[computed].plus(
                counter.count(computed, 0, (int) shards.get(computed).sequences()));
      }
      Count count = prefix[whole];
      if (whole < shards.size() && shards.get(whole).firstSequence() < endSeq) {
        count =
            count.plus(counter.count(whole, 0, (int) (endSeq - shards.get(whole).firstSequence())));
      }
      result[i] = count;
    }
    return result;
  }

  void checkRange(long from, long to) {
    if (from < 0 || to < 0) {
      throw new StepIndexException("steps must be non-negative, got " + (from < 0 ? from : to));
    }
    if (to < from) {
      throw new StepIndexException("--from " + from + " is after --to " + to);
    }
    Manifest manifest = opened.manifest;
    long dataSteps = manifest.dataSteps();
    if (to > dataSteps) {
      throw new StepIndexException(
          "step "
              + to
              + " is beyond the data, which ends at step "
              + dataSteps
              + " (batch size "
              + manifest.layout().batchSize()
              + ")");
    }
    if (to <= opened.coveredEnd) {
      return;
    }
    for (long step = from; step < to; ) {
      ShardInfo shard = shardAt(step);
      if (shard == null) {
        throw new StepIndexException(
            "step "
                + step
                + " is not indexed (indexed: "
                + manifest.indexedRanges()
                + "); extend the index with"
                + " 'stepindex index --steps "
                + step
                + ":"
                + to
                + " ...'");
      }
      step = shard.endStep();
    }
  }

  /**
   * The shard holding {@code step}, by binary search over the shards in step order; null if none.
   */
  private ShardInfo shardAt(long step) {
    List<ShardInfo> shards = opened.infos;
    int lo = 0;
    int hi = shards.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      ShardInfo info = shards.get(mid);
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
  long indexBytes() {
    long bytes = 0;
    for (int i = 0; i < size(); i++) {
      try {
        for (DirectoryReader reader : get(i).all()) {
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

  /** Closes what is open, unless this is a view made by {@link #as}. */
  @Override
  public void close() {
    if (owner) {
      opened.close();
    }
  }

  /** The files of an open index, shared by its views: each opened on first use. */
  private static final class Opened {
    /** The index directory as it was opened: where files are read. */
    final Path dir;

    final Manifest manifest;
    final List<ShardInfo> infos;
    final long coveredEnd;
    private final boolean useTable;
    private final AtomicReferenceArray<Shard> shards;

    /** The table's opening, once a count first asked for it. */
    private volatile TermStats.Opening table;

    /**
     * Why the table failed to read, once it has: then every shard is counted from its own files.
     */
    volatile String tableFailure;

    private boolean closed;

    Opened(Path dir, Manifest manifest, boolean useTable) {
      this.dir = dir;
      this.manifest = manifest;
      this.infos = List.copyOf(manifest.shards());
      this.useTable = useTable;
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

    /**
     * Shard {@code i}, opened on first use; one that does not open is damage, named under {@link
     * #dir}.
     */
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
          shard = Shard.open(dir, manifest, infos.get(i));
          shards.set(i, shard);
          Phases.mark("shard");
        }
        return shard;
      }
    }

    /** The table's opening, on first use (a null table when it is not used, or none fits). */
    TermStats.Opening table() {
      TermStats.Opening opening = table;
      if (opening != null) {
        return opening;
      }
      synchronized (this) {
        if (table == null) {
          if (useTable) {
            List<Map<String, String>> sources = sources();
            Phases.mark("identities");
            table = TermStats.tryOpen(dir, sources);
          } else {
            table = new TermStats.Opening(null, null);
          }
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
     * Per shard, the key and identity of each of its sources (its own index and its views' side
     * indexes): from the reader of a shard already open, else from the segments file of its latest
     * commit, so that learning which shards the table copies opens none. A source whose commit does
     * not read has no identity the table could match.
     */
    private List<Map<String, String>> sources() {
      IndexLayout paths = IndexLayout.of(dir);
      List<Map<String, String>> all = new ArrayList<>();
      for (int i = 0; i < infos.size(); i++) {
        ShardInfo info = infos.get(i);
        Shard open = shards.get(i);
        if (open != null) {
          all.add(open.sources());
          continue;
        }
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put(TermStatsTable.key(info.name()), identity(paths.shard(info.name())));
        for (Manifest.AddedView view : manifest.addedViews()) {
          if (view.shards().contains(info.name())) {
            sources.put(
                TermStatsTable.key(info.name(), view.name()),
                identity(paths.sideIndex(view.name(), info.name())));
          }
        }
        all.add(Map.copyOf(sources));
      }
      return all;
    }

    private static String identity(Path sourceDir) {
      try {
        return TermStatsTable.identity(sourceDir);
      } catch (IOException | RuntimeException e) {
        return "unreadable"; // never a table's identity: the shard is counted from its own files,
        // or found damaged
      }
    }

    synchronized void close() {
      closed = true;
      for (int i = 0; i < shards.length(); i++) {
        Shard shard = shards.getAndSet(i, null);
        if (shard != null) {
          shard.close();
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
}
