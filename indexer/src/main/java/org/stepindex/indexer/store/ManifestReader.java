package org.stepindex.indexer.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.order.RecordedOrder;

/**
 * Reads {@code manifest.json} with Jackson's streaming parser into the {@link Manifest} records, as
 * binding them with the shared mapper would: properties matched by name, unknown ones ignored (a
 * later stepindex may add some), a missing number 0 and a missing object null.
 *
 * <p>Why not bind: every command reads the manifest first, and binding records makes Jackson
 * introspect each record type (its constructors, components and annotations) before the first value
 * is read, which is most of a short command's manifest time; the parser alone reads the same bytes
 * in a fraction of it. Writing stays with Jackson ({@link Manifest#write}), and a test checks that
 * this reader gives back what the mapper binds for manifests with every field present and with the
 * optional ones left out. A record that gains a component no longer compiles here, so the two
 * cannot drift apart unnoticed.
 */
final class ManifestReader {
  private static final JsonFactory FACTORY = new JsonFactory();

  private ManifestReader() {}

  /**
   * The manifest in {@code json}; anything that is not one is an {@link IOException} saying why.
   */
  static Manifest read(byte[] json) throws IOException {
    Object root;
    try (JsonParser parser = FACTORY.createParser(json)) {
      if (parser.nextToken() == null) {
        throw new IOException("empty file");
      }
      root = value(parser);
    } catch (JsonProcessingException e) {
      // Jackson's own message puts the source and location on a second line.
      JsonLocation at = e.getLocation();
      throw new IOException(
          e.getOriginalMessage()
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"),
          e);
    }
    try {
      Map<String, Object> m = object(root, "the manifest");
      return new Manifest(
          string(m, "format"),
          layout(object(m.get("layout"), "layout")),
          data(object(m.get("data"), "data")),
          tokenizer(object(m.get("tokenizer"), "tokenizer")),
          strings(m, "views"),
          string(m, "shardSchedule"),
          list(m, "shards", v -> shard(object(v, "shards"))),
          string(m, "intervention"),
          list(m, "addedViews", v -> addedView(object(v, "addedViews"))),
          order(object(m.get("order"), "order")));
    } catch (NullPointerException e) {
      // A record's constructor refused a list the file left out.
      throw new IOException("not a stepindex manifest: a list it must hold is missing", e);
    } catch (RuntimeException e) {
      // A record's constructor refused a value (a batch size of 0, say).
      throw new IOException("not a stepindex manifest: " + e.getMessage(), e);
    }
  }

  private static StepLayout layout(Map<String, Object> m) throws IOException {
    return m == null ? null : new StepLayout(integer(m, "batchSize"), integer(m, "seqLength"));
  }

  private static Manifest.DataInfo data(Map<String, Object> m) throws IOException {
    return m == null
        ? null
        : new Manifest.DataInfo(
            string(m, "path"),
            string(m, "fingerprint"),
            number(m, "sequences"),
            number(m, "tokens"));
  }

  private static Manifest.TokenizerInfo tokenizer(Map<String, Object> m) throws IOException {
    return m == null
        ? null
        : new Manifest.TokenizerInfo(
            string(m, "path"), string(m, "sha256"), integer(m, "vocabSize"));
  }

  private static ShardInfo shard(Map<String, Object> m) throws IOException {
    return new ShardInfo(
        string(m, "name"),
        number(m, "firstStep"),
        number(m, "endStep"),
        number(m, "firstSequence"),
        number(m, "endSequence"),
        number(m, "tokens"));
  }

  private static Manifest.AddedView addedView(Map<String, Object> m) throws IOException {
    return new Manifest.AddedView(
        string(m, "name"),
        string(m, "source"),
        string(m, "fingerprint"),
        string(m, "pairsFingerprint"),
        integer(m, "pairs"),
        strings(m, "shards"));
  }

  private static RecordedOrder order(Map<String, Object> m) throws IOException {
    return m == null
        ? null
        : new RecordedOrder(
            string(m, "kind"),
            strings(m, "dataFiles"),
            string(m, "dtype"),
            list(m, "maps", v -> mapFile(object(v, "maps"))));
  }

  private static RecordedOrder.MapFile mapFile(Map<String, Object> m) throws IOException {
    return new RecordedOrder.MapFile(
        string(m, "role"),
        string(m, "path"),
        number(m, "bytes"),
        string(m, "crc32c"),
        string(m, "shape"),
        string(m, "dtype"));
  }

  /** Reads one element of a JSON array. */
  private interface Element<T> {
    T read(Object value) throws IOException;
  }

  /** The array under {@code key}, each element read by {@code element}; null when absent. */
  private static <T> List<T> list(Map<String, Object> m, String key, Element<T> element)
      throws IOException {
    Object value = m.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof List<?> values)) {
      throw new IOException(key + " is not a list");
    }
    List<T> out = new ArrayList<>(values.size());
    for (Object v : values) {
      out.add(element.read(v));
    }
    return out;
  }

  private static List<String> strings(Map<String, Object> m, String key) throws IOException {
    return list(
        m,
        key,
        value -> {
          if (value != null && !(value instanceof String)) {
            throw new IOException(key + " holds " + value + " where a string belongs");
          }
          return (String) value;
        });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String what) throws IOException {
    if (value != null && !(value instanceof Map)) {
      throw new IOException(what + " is not an object");
    }
    return (Map<String, Object>) value;
  }

  private static String string(Map<String, Object> m, String key) throws IOException {
    Object value = m.get(key);
    if (value != null && !(value instanceof String)) {
      throw new IOException(key + " is " + value + ", not a string");
    }
    return (String) value;
  }

  private static long number(Map<String, Object> m, String key) throws IOException {
    Object value = m.get(key);
    if (value == null) {
      return 0;
    }
    if (!(value instanceof Long n)) {
      throw new IOException(key + " is " + value + ", not a whole number");
    }
    return n;
  }

  private static int integer(Map<String, Object> m, String key) throws IOException {
    long n = number(m, key);
    if (n != (int) n) {
      throw new IOException(key + " is " + n + ", past an int");
    }
    return (int) n;
  }

  /** The value at the parser's current token, as maps, lists, strings, longs, doubles, booleans. */
  private static Object value(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> object = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          object.put(name, value(parser));
        }
        return object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(parser));
        }
        return array;
      }
      case VALUE_STRING -> {
        return parser.getText();
      }
      case VALUE_NUMBER_INT -> {
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw new IOException(parser.getText() + " is past a long");
        }
        return parser.getLongValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        return parser.getDoubleValue();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return parser.getBooleanValue();
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IOException("unexpected " + token);
    }
  }
}
