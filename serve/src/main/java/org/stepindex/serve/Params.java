package org.stepindex.serve;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parameters of one request's query string ({@code a=1&b=x+y}, form-encoded as browsers and
 * Python's {@code urlencode} write it). Strict, so a typo is an error rather than a silently
 * ignored parameter: a name the endpoint does not take, or one given twice, is a 400.
 */
final class Params {
  private final String path;
  private final Map<String, String> values;

  private Params(String path, Map<String, String> values) {
    this.path = path;
    this.values = values;
  }

  /**
   * Parses {@code rawQuery} (may be null) for the endpoint at {@code path}, which takes {@code
   * allowed}.
   */
  static Params parse(String path, String rawQuery, Set<String> allowed) {
    Map<String, String> values = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (!allowed.contains(name)) {
          throw HttpError.badRequest(
              "unknown parameter '"
                  + name
                  + "' for "
                  + path
                  + " (it takes "
                  + String.join(", ", new TreeSet<>(allowed))
                  + ")");
        }
        if (values.put(name, value) != null) {
          throw HttpError.badRequest("parameter '" + name + "' given twice");
        }
      }
    }
    return new Params(path, values);
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("malformed query string: " + e.getMessage());
    }
  }

  /** The value of {@code name}, or null when absent. */
  String get(String name) {
    return values.get(name);
  }

  /** The value of {@code name}, or {@code fallback} when absent. */
  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** Whether {@code name} was given. */
  boolean has(String name) {
    return values.containsKey(name);
  }

  /** The value of a parameter that must be given. */
  String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw HttpError.badRequest(path + " needs the parameter '" + name + "'");
    }
    return value;
  }

  /** A whole-number parameter, or {@code fallback} when absent. */
  long number(String name, long fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw HttpError.badRequest("parameter '" + name + "' is '" + value + "', not a whole number");
    }
  }
}
