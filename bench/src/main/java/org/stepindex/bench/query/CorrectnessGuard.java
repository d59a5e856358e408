package org.stepindex.bench.query;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.stepindex.corpora.PlantedTerm;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.query.Count;

/**
 * The truth every method must reproduce before anything is timed: the scan's counts of every query
 * of a workload at every step it uses, from one pass over the data, themselves checked against the
 * truth the synthesizer recorded for its planted terms. Any disagreement aborts the benchmark with
 * a one-line {@link StepIndexException}.
 */
public final class CorrectnessGuard {
  private final long[] steps;
  private final List<PlantedTerm> planted;
  private final Map<BenchQuery, Count[]> truth = new HashMap<>();
  private long checked;

  /**
   * Computes the truth with one scan pass.
   *
   * @param scan the scan baseline
   * @param workload the queries and steps to know
   * @param planted the corpus's planted terms, whose recorded truth the scan must reproduce
   */
  public CorrectnessGuard(ScanMethod scan, Workload workload, List<PlantedTerm> planted) {
    this.planted = List.copyOf(planted);
    TreeSet<Long> union = new TreeSet<>();
    LongStream.of(workload.allSteps()).forEach(union::add);
    planted.forEach(term -> LongStream.of(term.steps()).forEach(union::add));
    this.steps = union.stream().mapToLong(Long::longValue).toArray();
    Set<BenchQuery> queries = new LinkedHashSet<>(workload.allQueries());
    planted.forEach(term -> queries.add(BenchQuery.of(term.text())));
    List<BenchQuery> all = List.copyOf(queries);
    List<Count[]> counts = scan.pass(all, steps);
    for (int i = 0; i < all.size(); i++) {
      truth.put(all.get(i), counts.get(i));
    }
  }

  /** How many counts have been checked so far. */
  public long checked() {
    return checked;
  }

  /** The true count of a query of the workload at one of its steps. */
  public Count truth(BenchQuery query, long step) {
    Count[] counts = truth.get(query);
    int i = Arrays.binarySearch(steps, step);
    if (counts == null || i < 0) {
      throw new IllegalArgumentException("no truth for " + query.label() + " at step " + step);
    }
    return counts[i];
  }

  /**
   * Checks the scan against the synthesizer's planted truth, and that every word, phrase and pair
   * of the workload occurs by the last step (a query that never matches would time nothing).
   *
   * @param workload the workload
   * @throws StepIndexException on the first disagreement or missing query
   */
  public void checkScan(Workload workload) {
    for (PlantedTerm term : planted) {
      BenchQuery query = BenchQuery.of(term.text());
      for (int i = 0; i < term.steps().length; i++) {
        check(
            "the synthesizer's record",
            query,
            term.steps()[i],
            new Count(term.sequences()[i], term.occurrences()[i]));
      }
    }
    for (List<BenchQuery> queries :
        List.of(workload.terms(), workload.phrases(), workload.pairs())) {
      for (BenchQuery query : queries) {
        if (truth(query, workload.lastStep()).sequences() == 0) {
          throw new StepIndexException(
              "bench aborted: the workload's query "
                  + query.label()
                  + " does not occur in the corpus;"
                  + " use more --sequences");
        }
      }
    }
  }

  /**
   * Asks {@code method} everything the benchmark will time (every word, phrase and pair at every
   * checkpoint and inside-shard step, and every timeline) and checks each answer. The cold phrases
   * are left out: asking them here would warm the caches their timing must find empty; check those
   * with {@link #check} after timing them.
   *
   * @param method the method to check
   * @param workload the workload
   * @throws StepIndexException on the first disagreement
   */
  public void checkAll(CountMethod method, Workload workload) {
    for (List<BenchQuery> queries :
        List.of(workload.terms(), workload.phrases(), workload.pairs())) {
      for (BenchQuery query : queries) {
        for (long[] at : new long[][] {workload.checkpoints(), workload.insideSteps()}) {
          for (long step : at) {
            check(method.name(), query, step, method.count(query, step));
          }
        }
        checkTimeline(
            method.name(),
            query,
            workload.timelineSteps(),
            method.timeline(query, workload.timelineSteps()));
      }
    }
    List<Count[]> pairs = method.timelines(workload.pairs(), workload.timelineSteps());
    for (int i = 0; i < pairs.size(); i++) {
      checkTimeline(method.name(), workload.pairs().get(i), workload.timelineSteps(), pairs.get(i));
    }
  }

  /**
   * Checks one count.
   *
   * @param method who counted
   * @param query the query
   * @param step the step
   * @param count the count to check
   * @throws StepIndexException if it differs from the scan's
   */
  public void check(String method, BenchQuery query, long step, Count count) {
    Count expected = truth(query, step);
    checked++;
    if (!expected.equals(count)) {
      throw new StepIndexException(
          String.format(
              Locale.ROOT,
              "bench aborted: %s counts %d sequences / %d occurrences of %s at step %d, the scan of the .bin counts"
                  + " %d / %d; a benchmark of wrong answers is worthless",
              method,
              count.sequences(),
              count.occurrences(),
              query.label(),
              step,
              expected.sequences(),
              expected.occurrences()));
    }
  }

  private void checkTimeline(String method, BenchQuery query, long[] at, Count[] counts) {
    if (counts.length != at.length) {
      throw new StepIndexException(
          "bench aborted: "
              + method
              + " answered a timeline of "
              + at.length
              + " steps with "
              + counts.length
              + " counts");
    }
    for (int i = 0; i < at.length; i++) {
      check(method + " (timeline)", query, at[i], counts[i]);
    }
  }
}
