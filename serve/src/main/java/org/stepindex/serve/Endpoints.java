package org.stepindex.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.stepindex.indexer.base.Json;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.ViewQuery;
import org.stepindex.query.rows.Answers;
import org.stepindex.query.rows.CountRow;
import org.stepindex.query.rows.JsonRows;
import org.stepindex.query.rows.StepList;
import org.stepindex.query.rows.When;

/**
 * The endpoints: each turns a request's parameters into the answer the matching CLI command prints,
 * through the same {@link Answers} and {@link JsonRows}.
 */
final class Endpoints {
  static final Set<String> COUNT_PARAMS = Set.of("q", "step", "from", "to", "view", "index");
  static final Set<String> TIMELINE_PARAMS = Set.of("q", "steps", "view", "index");
  static final Set<String> COOCCUR_PARAMS =
      Set.of("a", "b", "step", "from", "to", "window", "view", "index");
  static final Set<String> STATS_PARAMS = Set.of("index");
  static final Set<String> BATCH_PARAMS = Set.of("index");
  private static final Set<String> BATCH_FIELDS = Set.of("queries", "steps", "view");
  private static final String DEFAULT_VIEW = "text";
  private static final ObjectMapper JSON = Json.mapper();

  private final IndexSet indexes;

  Endpoints(IndexSet indexes) {
    this.indexes = indexes;
  }

  /**
   * {@code GET /count?q=Q&step=S|from=A&to=B[&view=V]}: the row {@code count --format json} prints.
   */
  Reply count(Params p) {
    FrequencyIndex index = indexes.get(p.get("index"));
    String q = p.required("q");
    When when = when(p, "/count");
    return json(
        rows ->
            Answers.count(
                index, q, index.compile(p.get("view", DEFAULT_VIEW), q), when, rows::write));
  }

  /**
   * {@code GET /timeline?q=Q[&steps=pythia|every:N|LIST][&view=V]}: the timeline as parallel
   * arrays.
   */
  Reply timeline(Params p) {
    FrequencyIndex index = indexes.get(p.get("index"));
    String q = p.required("q");
    return json(
        rows ->
            rows.write(
                Answers.timeline(
                    index, q, index.compile(p.get("view", DEFAULT_VIEW), q), p.get("steps"))));
  }

  /**
   * {@code GET /cooccur?a=A&b=B&step=S|from=A&to=B[&window=K][&view=V]}: the row {@code cooccur
   * --format json} prints.
   */
  Reply cooccur(Params p) {
    FrequencyIndex index = indexes.get(p.get("index"));
    String a = p.required("a");
    String b = p.required("b");
    String view = p.get("view", DEFAULT_VIEW);
    long window = p.number("window", 0);
    if (window < 0 || window > Integer.MAX_VALUE) {
      throw HttpError.badRequest("window must be >= 0, got " + window);
    }
    Answers.checkCooccur(index, view, a, b, (int) window);
    When when = when(p, "/cooccur");
    return json(rows -> Answers.cooccur(index, view, a, b, (int) window, when, rows::write));
  }

  /** {@code GET /stats}: what {@code stats --json} prints. */
  Reply stats(Params p) {
    return new Reply.Body(
        (Answers.statsJson(indexes.get(p.get("index"))) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code POST /batch} with {@code {"queries": [...], "steps": [...] | "pythia" | "every:N",
   * "view": V}}: one row per (query, step), as {@code count --queries FILE --steps ... --format
   * json} prints them. Every query is compiled and the first one counted before anything is sent,
   * so a bad query or step is a 400, not a cut stream.
   */
  Reply batch(Params p, byte[] body) {
    FrequencyIndex index = indexes.get(p.get("index"));
    JsonNode request = parse(body);
    String view = request.has("view") ? text(request.get("view"), "view") : DEFAULT_VIEW;
    List<String> given = new ArrayList<>();
    JsonNode queries = request.get("queries");
    if (queries == null || !queries.isArray() || queries.isEmpty()) {
      throw HttpError.badRequest("/batch needs \"queries\": a non-empty array of query strings");
    }
    for (JsonNode q : queries) {
      given.add(text(q, "each of \"queries\""));
    }
    When.Steps steps = new When.Steps(steps(request.get("steps"), index));
    List<ViewQuery> compiled = new ArrayList<>(given.size());
    for (String q : given) {
      compiled.add(index.compile(view, q));
    }
    List<CountRow> first = new ArrayList<>();
    Answers.count(index, given.get(0), compiled.get(0), steps, first::add);
    return new Reply.Lines(
        rows -> {
          first.forEach(rows::write);
          for (int i = 1; i < compiled.size(); i++) {
            Answers.count(index, given.get(i), compiled.get(i), steps, rows::write);
          }
        });
  }

  private static JsonNode parse(byte[] body) {
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw HttpError.badRequest("the body is not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw HttpError.badRequest("the body cannot be read: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw HttpError.badRequest(
          "/batch takes a JSON object {\"queries\": [...], \"steps\": [...], \"view\": V}");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!BATCH_FIELDS.contains(name)) {
        throw HttpError.badRequest(
            "unknown field \"" + name + "\" in /batch (it takes queries, steps, view)");
      }
    }
    return node;
  }

  private static String text(JsonNode node, String what) {
    if (!node.isTextual()) {
      throw HttpError.badRequest(what + " must be a string, got " + node);
    }
    return node.textValue();
  }

  private static long[] steps(JsonNode steps, FrequencyIndex index) {
    if (steps == null) {
      throw HttpError.badRequest(
          "/batch needs \"steps\": an array of steps, or \"pythia\", \"every:N\"");
    }
    if (steps.isTextual()) {
      return StepList.resolve(steps.textValue(), index);
    }
    if (!steps.isArray() || steps.isEmpty()) {
      throw HttpError.badRequest(
          "\"steps\" must be a non-empty array of steps, or \"pythia\", \"every:N\"");
    }
    long[] at = new long[steps.size()];
    for (int i = 0; i < at.length; i++) {
      JsonNode s = steps.get(i);
      if (!s.canConvertToLong() || !s.isIntegralNumber()) {
        throw HttpError.badRequest("each of \"steps\" must be a whole number, got " + s);
      }
      at[i] = s.longValue();
    }
    return at;
  }

  /** {@code step=S}, or {@code from=A&to=B}. */
  static When when(Params p, String path) {
    boolean range = p.has("from") || p.has("to");
    if (range && p.has("step")) {
      throw HttpError.badRequest("give step, or from and to, not both");
    }
    if (range) {
      if (!p.has("from") || !p.has("to")) {
        throw HttpError.badRequest("a range needs both from and to");
      }
      return new When.Range(p.number("from", 0), p.number("to", 0));
    }
    if (!p.has("step")) {
      throw HttpError.badRequest(path + " needs step=S (or from=A&to=B)");
    }
    return When.Steps.at(p.number("step", 0));
  }

  /** A whole JSON body, what {@code write} writes. */
  static Reply json(Consumer<JsonRows> write) {
    StringWriter out = new StringWriter();
    JsonRows rows = new JsonRows(out);
    write.accept(rows);
    rows.flush();
    return new Reply.Body(out.toString().getBytes(StandardCharsets.UTF_8));
  }
}
