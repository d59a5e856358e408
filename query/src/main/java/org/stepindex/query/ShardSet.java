package org.stepindex.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.entities.EntitiesView;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;
import org.stepindex.indexer.views.BigramsView;
import org.stepindex.indexer.views.TextView;

/**
 * The shards of an open index, as its manifest listed them when it was opened: each shard's own
 * Lucene index joined with the side indexes of the views added to it, the term statistics table for
 * the shards it covers, and the policy of which views a query may use. Step ranges are mapped onto
 * shards here: a count over a range is the sum of each shard's count over its part of the range,
 * given by a {@link ShardCounter}.
 *
 * <p>Thread-safe; closed with the index.
 */
final class ShardSet implements AutoCloseable {
  private final Path dir;
  private final Manifest manifest;
  private final List<Shard> shards;

  /**
   * The term statistics table, for the shards it covers; null when the index has none that fits.
   */
  private final TermStats termStats;

  /**
   * Set when the table failed to read: then every shard is counted from its own files, and it is
   * said once.
   */
  private volatile boolean termStatsFailed;

  private final Consumer<String> warnings;
  private final long coveredEnd;

  private ShardSet(
      Path dir,
      Manifest manifest,
      List<Shard> shards,
      TermStats termStats,
      Consumer<String> warnings) {
    this.dir = dir;
    this.manifest = manifest;
    this.shards = shards;
    this.termStats = termStats;
    this.warnings = warnings;
    long end = 0;
    for (Shard shard : shards) {
      if (shard.info().firstStep() != end) {
        break;
      }
      end = shard.info().endStep();
    }
    this.coveredEnd = end;
  }

  /**
   * Opens every shard the manifest of the index in {@code dir} lists now, and with {@code useTable}
   * its term statistics table; a missing index or a damaged shard is a user error.
   */
  static ShardSet open(Path dir, Consumer<String> warnings, boolean useTable) {
    Manifest manifest = Manifest.read(dir);
    List<Shard> shards = new ArrayList<>();
    try {
      for (ShardInfo info : manifest.shards()) {
        shards.add(Shard.open(dir, manifest, info));
      }
    } catch (RuntimeException e) {
      closeAll(shards);
      throw e;
    }
    TermStats table =
        useTable
            ? TermStats.open(dir, shards.stream().map(Shard::sources).toList(), warnings)
            : null;
    return new ShardSet(dir, manifest, List.copyOf(shards), table, warnings);
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
    return damaged(dir, shards.get(shard).info());
  }

  /** The index directory. */
  Path dir() {
    return dir;
  }

  /** The manifest the shards were opened from. */
  Manifest manifest() {
    return manifest;
  }

  /** Where warnings go, one line each. */
  Consumer<String> warnings() {
    return warnings;
  }

  /** The number of shards. */
  int size() {
    return shards.size();
  }

  /** Shard {@code shard}, in step order. */
  Shard get(int shard) {
    return shards.get(shard);
  }

  /**
   * The first step not covered by the shards contiguous from step 0: counts "at step S" need S ≤
   * this.
   */
  long coveredEnd() {
    return coveredEnd;
  }

  // The view policy.

  /** Whether the view was built with the index or added to every shard. */
  boolean hasCompleteView(String view) {
    Manifest.AddedView added = manifest.addedView(view);
    return manifest.views().contains(view)
        || (added != null && added.shards().size() == manifest.shards().size());
  }

  /**
   * Refuses a view the index was neither built with nor has added to every shard, saying how to get
   * it.
   */
  void checkView(String view) {
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
    ViewQuery compiled = ViewQuery.compile(view, query, manifest.tokenizer().vocabSize());
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
    return termStats != null && !termStatsFailed && termStats.covers(shard);
  }

  /**
   * The term's statistics in every shard the table covers (null entries for the others), or null
   * when the table fails to read: that is a warning, said once, and the shards are counted from
   * their own files from then on.
   */
  Count[] tableLookup(Term term) {
    try {
      return termStats.lookup(term);
    } catch (UncheckedIOException | IndexOutOfBoundsException e) {
      if (!termStatsFailed) {
        termStatsFailed = true;
        warnings.accept(
            "the term statistics table of "
                + dir
                + " is damaged ("
                + e.getMessage()
                + "); counting shard by shard. Run stepindex verify --index "
                + dir
                + " --repair to rebuild it");
      }
      return null;
    }
  }

  /** How many shards' term statistics come from the table. */
  int shardsInTermStatsTable() {
    return termStats == null ? 0 : termStats.coveredShards();
  }

  /**
   * docFreq and totalTermFreq of a term in shard {@code shard}, from one seek per segment (exact,
   * write-once).
   */
  Count termStatistics(int shard, Term term) {
    try {
      long docFreq = 0;
      long totalTermFreq = 0;
      for (LeafReaderContext leaf : shards.get(shard).searcher().getIndexReader().leaves()) {
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
    StepLayout layout = manifest.layout();
    long firstSeq = layout.firstSequence(from);
    long endSeq = Math.min(layout.firstSequence(to), manifest.data().sequences());
    Count total = Count.ZERO;
    for (int i = 0; i < shards.size(); i++) {
      ShardInfo info = shards.get(i).info();
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
    Count[] prefix = new Count[shards.size() + 1];
    prefix[0] = Count.ZERO;
    int computed = 0;
    StepLayout layout = manifest.layout();
    Count[] result = new Count[steps.length];
    for (int i = 0; i < steps.length; i++) {
      long endSeq = Math.min(layout.firstSequence(steps[i]), manifest.data().sequences());
      int whole = 0;
      while (whole < shards.size()
          && shards.get(whole).info().endStep() <= coveredEnd
          && shards.get(whole).info().endSequence() <= endSeq) {
        whole++;
      }
      for (; computed < whole; computed++) {
        prefix[computed + 1] =
            prefix[computed].plus(counter.count(computed, 0, shards.get(computed).docs()));
      }
      Count count = prefix[whole];
      if (whole < shards.size() && shards.get(whole).info().firstSequence() < endSeq) {
        count =
            count.plus(
                counter.count(whole, 0, (int) (endSeq - shards.get(whole).info().firstSequence())));
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
    if (to <= coveredEnd) {
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
    int lo = 0;
    int hi = shards.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      ShardInfo info = shards.get(mid).info();
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
  long indexBytes() {
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
      shard.close();
    }
  }
}
