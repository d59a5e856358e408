package org.stepindex.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.history.ExposureRow;
import org.stepindex.query.history.FindRow;
import org.stepindex.query.history.History;
import org.stepindex.query.history.NextRow;
import org.stepindex.query.rows.When;

/**
 * {@code GET /find}, {@code /exposures} and {@code /next}: what {@code find}, {@code exposures} and
 * {@code next} print with {@code --format json}, through the same {@link History} and row writer.
 * Every row is computed before the first byte is sent (a page of {@code find} is at most {@link
 * History#MAX_FIND_LIMIT} rows), so any error is a 400 with the CLI's line, never a cut stream.
 * Each index's training data is opened on the first request that needs it and kept open until the
 * server closes.
 */
final class HistoryEndpoints implements AutoCloseable {
  static final Set<String> FIND_PARAMS =
      Set.of("q", "step", "from", "to", "view", "limit", "after", "context", "index");
  static final Set<String> EXPOSURES_PARAMS =
      Set.of("q", "a", "b", "step", "view", "nth", "per", "window", "index");
  static final Set<String> NEXT_PARAMS =
      Set.of("context", "encode", "step", "top", "infinigram", "index");

  /**
   * What {@code find} lists and which context it shows when the request does not say (the CLI's
   * defaults).
   */
  private static final long DEFAULT_LIMIT = 20;

  private static final long DEFAULT_CONTEXT = 5;
  private static final long DEFAULT_TOP = 10;
  private static final String DEFAULT_VIEW = "text";

  private final IndexSet indexes;
  private final Map<FrequencyIndex, History> histories = new ConcurrentHashMap<>();

  HistoryEndpoints(IndexSet indexes) {
    this.indexes = indexes;
  }

  private History history(Params p) {
    return histories.computeIfAbsent(
        indexes.get(p.get("index")), index -> new History(index, null, null));
  }

  /**
   * {@code GET /find?q=Q&step=S|from=A&to=B[&view=V][&limit=N][&after=CURSOR][&context=K]}: NDJSON
   * rows.
   */
  Reply find(Params p) {
    History history = history(p);
    String q = p.required("q");
    When when = Endpoints.when(p, "/find");
    long from = when instanceof When.Range r ? r.from() : 0;
    long to = when instanceof When.Range r ? r.to() : ((When.Steps) when).steps()[0];
    List<FindRow> rows = new ArrayList<>();
    history.find(
        q,
        p.get("view", DEFAULT_VIEW),
        from,
        to,
        (int) bounded(p, "limit", DEFAULT_LIMIT),
        p.get("after"),
        (int) bounded(p, "context", DEFAULT_CONTEXT),
        rows::add);
    return new Reply.Lines(out -> rows.forEach(out::write));
  }

  /**
   * {@code GET /exposures?q=Q (or a=A&b=B)[&step=S][&view=V][&nth=LIST][&per=SCHEDULE][&window=K]}:
   * one object.
   */
  Reply exposures(Params p) {
    History history = history(p);
    String view = p.get("view", DEFAULT_VIEW);
    long step = p.has("step") ? p.number("step", 0) : history.index().coveredEnd();
    List<Long> nth = History.parseNth(p.get("nth", History.DEFAULT_NTH));
    int window = (int) bounded(p, "window", 0);
    ExposureRow row;
    if (p.has("q")) {
      if (p.has("a") || p.has("b")) {
        throw HttpError.badRequest("/exposures takes q, or a and b for a pair, not both");
      }
      if (window != 0) {
        throw HttpError.badRequest("window applies to pairs: give a and b");
      }
      row = history.exposures(p.get("q"), view, step, nth, p.get("per"));
    } else {
      row =
          history.pairExposures(
              p.required("a"), p.required("b"), view, window, step, nth, p.get("per"));
    }
    return Endpoints.json(out -> out.write(row));
  }

  /** {@code GET /next?context=IDS|encode=TEXT&step=S[&top=K][&infinigram=true]}: NDJSON rows. */
  Reply next(Params p) {
    History history = history(p);
    if (p.has("context") == p.has("encode")) {
      throw HttpError.badRequest("/next needs context=IDS or encode=TEXT (one of them)");
    }
    long step = p.number("step", -1);
    if (!p.has("step")) {
      throw HttpError.badRequest("/next needs step=S");
    }
    int[] context =
        p.has("context") ? History.parseIds(p.get("context")) : history.encode(p.get("encode"));
    List<NextRow> rows =
        history.next(context, step, (int) bounded(p, "top", DEFAULT_TOP), flag(p, "infinigram"));
    return new Reply.Lines(out -> rows.forEach(out::write));
  }

  /**
   * A whole-number parameter that must fit an int; range checks are the engine's (same line as the
   * CLI).
   */
  private static long bounded(Params p, String name, long fallback) {
    long value = p.number(name, fallback);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw HttpError.badRequest("parameter '" + name + "' is " + value + ", out of range");
    }
    return value;
  }

  private static boolean flag(Params p, String name) {
    String value = p.get(name, "false").strip();
    return switch (value) {
      case "", "true", "1" -> true;
      case "false", "0" -> false;
      default ->
          throw HttpError.badRequest(
              "parameter '" + name + "' is '" + value + "'; give true or false");
    };
  }

  @Override
  public void close() {
    histories.values().forEach(History::close);
  }
}
