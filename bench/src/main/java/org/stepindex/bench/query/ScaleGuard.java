package org.stepindex.bench.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.query.Count;
import org.stepindex.query.FrequencyIndex;

/**
 * {@link ScaleBench}'s check before timing, on guard queries the timed ones never share: each guard
 * entity (one name) counted by the entities view equals its name's phrase count in the text view;
 * each declared guard pair (term statistics) equals the text view's intersection of the two names'
 * match sets; each word pair intersected at the rarer side's cost equals the boolean query {@code
 * +a +b}. At the smallest size all of these also equal a scan of the {@code .bin} (decode and
 * count). Any disagreement aborts the benchmark.
 */
final class ScaleGuard {
  private final FrequencyIndex index;
  private final ScaleWorkload workload;
  private final long[] steps;
  private long checked;

  ScaleGuard(FrequencyIndex index, ScaleWorkload workload, long last, long inside) {
    this.index = index;
    this.workload = workload;
    this.steps = inside < last ? new long[] {inside, last} : new long[] {last};
  }

  long checked() {
    return checked;
  }

  /** The steps it checks at: one inside a shard (when there is one) and the last. */
  long[] steps() {
    return steps.clone();
  }

  void checkInIndex() {
    for (Map.Entry<String, String> guard : workload.guardNames().entrySet()) {
      for (long step : steps) {
        Count entity = index.countAt(index.compile("entities", guard.getKey()), step);
        check(
            "entity " + guard.getKey(),
            step,
            index.countAt(index.compile("text", quoted(guard.getValue())), step),
            entity);
        if (step == steps[steps.length - 1] && entity.sequences() == 0) {
          throw new StepIndexException(
              "bench aborted: guard entity '"
                  + guard.getValue()
                  + "' does not occur;"
                  + " use a larger --base-tokens");
        }
      }
    }
    for (String[] pair : workload.guardPairs()) {
      if (!index.isDeclaredPair(pair[0], pair[1])) {
        throw new StepIndexException(
            "bench aborted: " + pair[0] + " & " + pair[1] + " should be a declared pair");
      }
      for (long step : steps) {
        Count text =
            index.cooccur(
                "text",
                quoted(workload.guardNames().get(pair[0])),
                quoted(workload.guardNames().get(pair[1])),
                0,
                step);
        check(
            "declared pair " + pair[0] + " & " + pair[1],
            step,
            text,
            index.cooccur("entities", pair[0], pair[1], 0, step));
      }
    }
    for (String[] pair : workload.guardWordPairs()) {
      for (long step : steps) {
        check(
            "word pair " + pair[0] + " & " + pair[1],
            step,
            index.countAt(index.compile("text", "+" + pair[0] + " +" + pair[1]), step),
            index.cooccur("text", pair[0], pair[1], 0, step));
      }
    }
  }

  void checkScan(ScanMethod scan) {
    List<BenchQuery> queries = new ArrayList<>();
    List<Count[]> ours = new ArrayList<>();
    for (Map.Entry<String, String> guard : workload.guardNames().entrySet()) {
      queries.add(BenchQuery.of(guard.getValue()));
      ours.add(at(s -> index.countAt(index.compile("entities", guard.getKey()), s)));
    }
    for (String[] pair : workload.guardPairs()) {
      queries.add(
          BenchQuery.pair(workload.guardNames().get(pair[0]), workload.guardNames().get(pair[1])));
      ours.add(at(s -> index.cooccur("entities", pair[0], pair[1], 0, s)));
    }
    for (String[] pair : workload.guardWordPairs()) {
      queries.add(BenchQuery.pair(pair[0], pair[1]));
      ours.add(at(s -> index.cooccur("text", pair[0], pair[1], 0, s)));
    }
    List<Count[]> truth = scan.pass(queries, steps);
    for (int q = 0; q < queries.size(); q++) {
      for (int i = 0; i < steps.length; i++) {
        check(
            queries.get(q).label() + " (against the scan)",
            steps[i],
            truth.get(q)[i],
            ours.get(q)[i]);
      }
    }
  }

  /** A count at each of {@link #steps()}. */
  Count[] at(java.util.function.LongFunction<Count> count) {
    Count[] counts = new Count[steps.length];
    for (int i = 0; i < steps.length; i++) {
      counts[i] = count.apply(steps[i]);
    }
    return counts;
  }

  private void check(String what, long step, Count expected, Count actual) {
    checked++;
    if (!expected.equals(actual)) {
      throw new StepIndexException(
          String.format(
              Locale.ROOT,
              "bench aborted: %s at step %d counts %d sequences / %d occurrences, the independent count is %d / %d",
              what,
              step,
              actual.sequences(),
              actual.occurrences(),
              expected.sequences(),
              expected.occurrences()));
    }
  }

  private static String quoted(String name) {
    return "\"" + name + "\"";
  }
}
