package org.stepindex.query.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.roaringbitmap.RoaringBitmap;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.layout.CheckpointSchedule;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;
import org.stepindex.query.Count;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.ShardMatches;

/**
 * {@code exposures}: when a query was seen up to a step, from the match sets a count uses ({@link
 * FrequencyIndex#matches}: every matching sequence of a shard with its occurrences, remembered
 * across queries).
 *
 * <p>The first and last occurrence are the first and last matching sequence below the step; the
 * n-th occurrence is found by the shards' totals, then by a binary search of the cumulative
 * occurrences inside the one shard that holds it; the steps that held an occurrence are counted by
 * jumping from each matching sequence to the next step's first sequence. Intervals are differences
 * of the cumulative counts at their ends ({@link FrequencyIndex#timeline}), so they are exactly
 * what {@code count --from A --to B} prints. A step inside a shard counts only the sequences below
 * it; nothing here samples.
 */
final class Exposures {
  /** The n-th occurrences asked when none are given. */
  static final String DEFAULT_NTH = "1,10,100,1000";

  /** The most n-th occurrences one row asks for. */
  private static final int MAX_NTH = 100;

  private Exposures() {}

  /**
   * The n of {@code --nth 1,10,100}: whole numbers of at least 1, in the order given, duplicates
   * dropped.
   *
   * @throws StepIndexException (one line) for anything else
   */
  static List<Long> parseNth(String text) {
    List<Long> nth = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String s = part.strip();
      long n;
      try {
        n = Long.parseLong(s);
      } catch (NumberFormatException e) {
        n = 0;
      }
      if (n < 1 || !s.matches("[0-9]+")) {
        throw new StepIndexException(
            "--nth takes whole numbers of at least 1, e.g. 1,10,100; got '" + text + "'");
      }
      if (!nth.contains(n)) {
        nth.add(n);
      }
    }
    if (nth.size() > MAX_NTH) {
      throw new StepIndexException(
          "--nth takes at most " + MAX_NTH + " numbers, got " + nth.size());
    }
    return nth;
  }

  /**
   * The interval ends of {@code --per SPEC} up to {@code step}: 0, the schedule's steps below it,
   * and {@code step}. A list's steps must not pass {@code step}.
   */
  static long[] intervalEnds(String spec, long step) {
    CheckpointSchedule schedule = CheckpointSchedule.parse(spec);
    if (spec.strip().matches("[0-9][0-9,\\s]*")) {
      long[] listed =
          Arrays.stream(spec.split(",")).map(String::strip).mapToLong(Long::parseLong).toArray();
      for (long s : listed) {
        if (s > step) {
          throw new StepIndexException(
              "--per "
                  + spec
                  + " has step "
                  + s
                  + ", after --step "
                  + step
                  + "; intervals end at the step counted at");
        }
      }
    }
    long[] ends = schedule.boundariesUpTo(step);
    if (ends[0] != 0) {
      long[] withZero = new long[ends.length + 1];
      System.arraycopy(ends, 0, withZero, 1, ends.length);
      ends = withZero;
    }
    return ends;
  }

  /**
   * The exposures as of {@code step} of what {@code matches} gives per shard, with the cumulative
   * counts {@code timeline} gives at steps.
   *
   * @param index the index
   * @param query the query as given, or null for a pair
   * @param pair the pair as given, or null
   * @param view the view
   * @param step the step ("at step S")
   * @param nth the n-th occurrences asked
   * @param per the interval spec, or null
   * @param matches a shard's match set, by shard position
   * @param timeline the cumulative counts at steps
   */
  static ExposureRow exposures(
      FrequencyIndex index,
      String query,
      List<String> pair,
      String view,
      long step,
      List<Long> nth,
      String per,
      IntFunction<ShardMatches> matches,
      Function<long[], Count[]> timeline) {
    index.checkSteps(0, step);
    long[] ends = per == null ? null : intervalEnds(per, step);
    Manifest manifest = index.manifest();
    StepLayout layout = manifest.layout();
    long endSeq = manifest.sequencesBefore(step);
    long[] wanted = nth.stream().mapToLong(Long::longValue).sorted().toArray();
    Map<Long, Long> found = new LinkedHashMap<>();
    int next = 0;
    long seen = 0;
    Long first = null;
    Long last = null;
    long stepsWith = 0;
    List<ShardInfo> shards = manifest.shards();
    for (int i = 0; i < shards.size(); i++) {
      ShardInfo shard = shards.get(i);
      if (shard.firstSequence() >= endSeq) {
        continue; // past the step (checkSteps made every shard below it contiguous from step 0)
      }
      int hi = (int) Math.min(shard.sequences(), endSeq - shard.firstSequence());
      ShardMatches m = matches.apply(i);
      Count below = m.countBelow(hi);
      if (below.sequences() == 0) {
        continue;
      }
      RoaringBitmap docs = m.docs();
      if (first == null) {
        first = layout.stepOf(shard.firstSequence() + docs.first());
      }
      last = layout.stepOf(shard.firstSequence() + docs.previousValue(hi - 1));
      for (; next < wanted.length && wanted[next] <= seen + below.occurrences(); next++) {
        int doc = docOfOccurrence(m, wanted[next] - seen, hi);
        found.put(wanted[next], layout.stepOf(shard.firstSequence() + doc));
      }
      seen += below.occurrences();
      stepsWith += stepsWith(docs, shard, hi, layout);
    }
    Map<Long, Long> inOrder = new LinkedHashMap<>();
    for (long n : nth) {
      inOrder.put(n, found.get(n));
    }
    List<ExposureRow.Interval> intervals = null;
    if (ends != null) {
      Count[] at = timeline.apply(ends);
      intervals = new ArrayList<>(ends.length - 1);
      for (int k = 1; k < ends.length; k++) {
        intervals.add(new ExposureRow.Interval(ends[k - 1], ends[k], at[k].minus(at[k - 1])));
      }
    }
    return new ExposureRow(query, pair, view, step, first, inOrder, last, stepsWith, intervals);
  }

  /**
   * The doc holding the {@code n}-th occurrence (from 1) of a shard's docs below {@code hi}: it has
   * at least n.
   */
  private static int docOfOccurrence(ShardMatches m, long n, int hi) {
    int lo = 1; // the smallest limit L with countBelow(L) >= n lies in [lo, hi]
    int up = hi;
    while (lo < up) {
      int mid = (lo + up) >>> 1;
      if (m.countBelow(mid).occurrences() >= n) {
        up = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo - 1;
  }

  /**
   * The distinct steps of a shard's matching docs below {@code hi}: one jump per step that has one.
   */
  private static long stepsWith(RoaringBitmap docs, ShardInfo shard, int hi, StepLayout layout) {
    long steps = 0;
    long from = 0;
    while (from < hi) {
      long doc = docs.nextValue((int) from);
      if (doc < 0 || doc >= hi) {
        break;
      }
      steps++;
      long step = layout.stepOf(shard.firstSequence() + doc);
      from = layout.firstSequence(step + 1) - shard.firstSequence();
    }
    return steps;
  }
}
