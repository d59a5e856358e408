package org.stepindex.bench.query;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.stepindex.query.Count;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.ViewQuery;

/**
 * The step index, through {@link FrequencyIndex}'s public API as the CLI uses it: {@code countAt}
 * and {@code timeline} for words and phrases, {@code cooccur} and {@code cooccurTimeline} (no
 * window) for pairs.
 *
 * <p>Words and phrases are compiled once per query, as for the naive baseline, so both are timed
 * without query parsing; {@code cooccur} takes strings and parses them on every call, which is part
 * of its cost.
 */
public final class StepIndexMethod implements CountMethod {
  private final FrequencyIndex index;
  private final Map<BenchQuery, ViewQuery> compiled = new ConcurrentHashMap<>();

  /**
   * @param index an open index with the {@code text} view
   */
  public StepIndexMethod(FrequencyIndex index) {
    this.index = index;
  }

  @Override
  public String name() {
    return "stepindex";
  }

  @Override
  public Count count(BenchQuery query, long step) {
    if (query.isPair()) {
      return index.cooccur(query.firstText(), query.secondText(), 0, step, 0);
    }
    return index.countAt(compiled(query), step);
  }

  @Override
  public Count[] timeline(BenchQuery query, long[] steps) {
    if (query.isPair()) {
      return index.cooccurTimeline(query.firstText(), query.secondText(), 0, steps);
    }
    return index.timeline(compiled(query), steps);
  }

  private ViewQuery compiled(BenchQuery query) {
    return compiled.computeIfAbsent(query, q -> index.compile("text", q.firstText()));
  }
}
