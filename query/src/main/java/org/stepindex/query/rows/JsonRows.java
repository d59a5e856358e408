package org.stepindex.query.rows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.Flushable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import org.stepindex.query.Count;

/**
 * Writes rows as JSON lines (one object per row, keys in column order, absent values left out) and
 * a {@link Timeline} as one object of parallel arrays. The command line's {@code --format json} and
 * the server both write through this class. Output is buffered until {@link #flush}.
 */
public final class JsonRows implements Flushable {
  /**
   * No separator between root values: each row ends with its own line end. Buffers are recycled
   * through a shared pool, not Jackson's default per-thread one, which a server's virtual threads
   * (one per request) would never reuse.
   */
  private static final JsonFactory FACTORY =
      new JsonFactoryBuilder()
          .rootValueSeparator((String) null)
          .recyclerPool(JsonRecyclerPools.sharedLockFreePool())
          .build();

  private final JsonGenerator json;

  /** Rows written to {@code out}; flushing this flushes {@code out}. */
  public JsonRows(Writer out) {
    try {
      this.json = FACTORY.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One row as a JSON object, without a line end. */
  public static String line(Row row) {
    StringWriter out = new StringWriter();
    JsonRows rows = new JsonRows(out);
    rows.object(row);
    rows.flush();
    return out.toString();
  }

  /** Writes one row and a line end. */
  public void write(Row row) {
    object(row);
    raw('\n');
  }

  /**
   * Writes {@code {"query", "view", "steps": [...], "sequences": [...], "occurrences": [...]}} and
   * a line end.
   */
  public void write(Timeline timeline) {
    try {
      json.writeStartObject();
      json.writeStringField("query", timeline.query());
      json.writeStringField("view", timeline.view());
      long[] steps = timeline.steps();
      json.writeFieldName("steps");
      json.writeArray(steps, 0, steps.length);
      Count[] counts = timeline.counts();
      json.writeArrayFieldStart("sequences");
      for (Count c : counts) {
        json.writeNumber(c.sequences());
      }
      json.writeEndArray();
      json.writeArrayFieldStart("occurrences");
      for (Count c : counts) {
        json.writeNumber(c.occurrences());
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    raw('\n');
  }

  /** Writes {@code {"error": message}} and a line end. */
  public void error(String message) {
    try {
      json.writeStartObject();
      json.writeStringField("error", message);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    raw('\n');
  }

  @Override
  public void flush() {
    try {
      json.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void object(Row row) {
    List<String> columns = row.columns();
    List<Object> values = row.values();
    try {
      json.writeStartObject();
      for (int c = 0; c < columns.size(); c++) {
        Object value = values.get(c);
        if (value == null) {
          continue;
        }
        json.writeFieldName(columns.get(c));
        value(value);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One value: a number, {@link JsonNull} as {@code null}, a map as an object (keys as strings,
   * null values as {@code null}), a list as an array, anything else as a string.
   */
  private void value(Object value) throws IOException {
    switch (value) {
      case null -> json.writeNull();
      case Long l -> json.writeNumber(l);
      case Integer i -> json.writeNumber(i);
      case Double d -> json.writeNumber(d);
      case JsonNull n -> json.writeNull();
      case Map<?, ?> map -> {
        json.writeStartObject();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          json.writeFieldName(String.valueOf(entry.getKey()));
          value(entry.getValue());
        }
        json.writeEndObject();
      }
      case List<?> list -> {
        json.writeStartArray();
        for (Object element : list) {
          value(element);
        }
        json.writeEndArray();
      }
      default -> json.writeString(String.valueOf(value));
    }
  }

  private void raw(char c) {
    try {
      json.writeRaw(c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
