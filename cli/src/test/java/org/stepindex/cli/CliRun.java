package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.stepindex.indexer.base.Json;

/**
 * One in-process run of the command line through {@link Main#execute(PrintWriter, PrintWriter,
 * String...)}: the exit code and everything written to each stream.
 *
 * @param args the arguments, for failure messages
 * @param exit the exit code
 * @param out what the command printed on its output stream
 * @param err what it printed on its error stream
 */
record CliRun(List<String> args, int exit, String out, String err) {
  private static final ObjectMapper JSON = Json.mapper();

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit;
    try (PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err)) {
      exit = Main.execute(o, e, args);
    }
    return new CliRun(List.of(args), exit, out.toString(), err.toString());
  }

  /** Asserts a clean success (exit 0, nothing on the error stream) and returns this run. */
  CliRun ok() {
    assertEquals(0, exit, () -> "exit code of " + this);
    assertEquals("", err, () -> "error stream of " + this);
    return this;
  }

  /**
   * Asserts the contract for a user's mistake: exit 2, exactly one line on the error stream
   * starting with {@code stepindex: }, no stack trace or exception name anywhere, nothing on the
   * output stream.
   *
   * @return the message after {@code stepindex: }
   */
  String userError() {
    List<String> errLines = err.lines().toList();
    assertAll(
        () -> assertEquals(2, exit, () -> "exit code of " + this),
        () -> assertEquals("", out, () -> "output stream of " + this),
        () -> assertEquals(1, errLines.size(), () -> "error lines of " + this),
        () -> assertTrue(err.startsWith("stepindex: "), () -> "error prefix of " + this),
        () -> assertFalse(err.contains("at org."), () -> "stack trace in " + this),
        () -> assertFalse(err.contains("Exception"), () -> "exception name in " + this));
    return errLines.getFirst().substring("stepindex: ".length());
  }

  List<String> outLines() {
    return out.lines().toList();
  }

  /** The output stream as JSON lines, each one parsed. */
  List<JsonNode> jsonLines() {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : outLines()) {
      nodes.add(json(line));
    }
    return nodes;
  }

  /** The output stream as exactly one JSON object on one line. */
  JsonNode onlyJsonObject() {
    List<String> lines = outLines();
    assertEquals(1, lines.size(), () -> "lines of " + this);
    JsonNode node = json(lines.getFirst());
    assertTrue(node.isObject(), () -> "not an object: " + this);
    return node;
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  /** The field names of a JSON object, in the order printed. */
  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * Arguments as one array: fixed ones followed by more (keeps call sites free of array plumbing).
   */
  static String[] concat(String[] first, String... more) {
    String[] all = Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  @Override
  public String toString() {
    return "stepindex "
        + String.join(" ", args)
        + " -> exit "
        + exit
        + "\n--- out:\n"
        + out
        + "--- err:\n"
        + err;
  }
}
