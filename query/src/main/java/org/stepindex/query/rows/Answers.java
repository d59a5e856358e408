package org.stepindex.query.rows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.views.TextView;
import org.stepindex.query.Count;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.ViewQuery;

/**
 * What the query commands answer, computed the same way for the command line and the server: {@code
 * count}, {@code cooccur}, {@code timeline} and {@code stats}.
 */
public final class Answers {
  private Answers() {}

  /** The rows of {@code count} for one query: one per step, or one for a range. */
  public static void count(
      FrequencyIndex index,
      String given,
      ViewQuery query,
      When when,
      Consumer<? super CountRow> rows) {
    switch (when) {
      case When.Range r ->
          rows.accept(
              CountRow.range(
                  given,
                  query.view(),
                  r.from(),
                  r.to(),
                  index.countRange(query, r.from(), r.to())));
      case When.Steps s -> {
        long[] steps = s.steps();
        Count[] counts = index.timeline(query, steps);
        for (int i = 0; i < steps.length; i++) {
          rows.accept(CountRow.at(given, query.view(), steps[i], counts[i]));
        }
      }
    }
  }

  /**
   * Refuses, with the one-line message the CLI and the server both give, a pair that cannot be
   * counted: a query that does not parse in {@code view}, or a window outside the text view.
   */
  public static void checkCooccur(
      FrequencyIndex index, String view, String a, String b, int window) {
    if (window < 0) {
      throw new StepIndexException("--window must be >= 0, got " + window);
    }
    if (window > 0) {
      if (!view.equals(TextView.NAME)) {
        throw new StepIndexException("--window works on the text view only, not on --view " + view);
      }
      index.compileNear(a, b, window);
    } else {
      index.compile(view, a);
      index.compile(view, b);
    }
  }

  /**
   * The rows of {@code cooccur} for one pair in {@code view}: one per step, or one for a range. A
   * window (text view only) counts the sequences where the two lie within that many words of each
   * other.
   */
  public static void cooccur(
      FrequencyIndex index,
      String view,
      String a,
      String b,
      int window,
      When when,
      Consumer<? super CooccurRow> rows) {
    checkCooccur(index, view, a, b, window);
    switch (when) {
      case When.Range r ->
          rows.accept(
              new CooccurRow(
                  a,
                  b,
                  window,
                  null,
                  r.from(),
                  r.to(),
                  window > 0
                      ? index.cooccur(a, b, r.from(), r.to(), window)
                      : index.cooccur(view, a, b, r.from(), r.to())));
      case When.Steps s -> {
        long[] steps = s.steps();
        Count[] counts =
            window > 0
                ? index.cooccurTimeline(a, b, window, steps)
                : index.cooccurTimeline(view, a, b, steps);
        for (int i = 0; i < steps.length; i++) {
          rows.accept(new CooccurRow(a, b, window, steps[i], null, null, counts[i]));
        }
      }
    }
  }

  /**
   * The {@code timeline} of one query at {@code steps} (a {@link StepList} value; null: the shard
   * schedule).
   */
  public static Timeline timeline(
      FrequencyIndex index, String given, ViewQuery query, String steps) {
    return timeline(
        index,
        given,
        query,
        StepList.resolve(steps != null ? steps : index.manifest().shardSchedule(), index));
  }

  /** The {@code timeline} of one query at the steps {@code at}, already resolved. */
  public static Timeline timeline(FrequencyIndex index, String given, ViewQuery query, long[] at) {
    return new Timeline(given, query.view(), at, index.timeline(query, at));
  }

  /** {@code stats --json}: the manifest with the index's size added, pretty-printed. */
  public static String statsJson(FrequencyIndex index) {
    long bytes = index.indexBytes();
    long tokens = index.manifest().indexedTokens();
    try {
      ObjectNode node = (ObjectNode) Json.mapper().readTree(index.manifest().toJson());
      node.put("indexBytes", bytes);
      node.put("bytesPerToken", tokens == 0 ? 0 : (double) bytes / tokens);
      return Json.pretty().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the manifest does not serialize", e);
    }
  }
}
