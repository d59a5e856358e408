package org.stepindex.eval.tasks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Reads TriviaQA questions from the official JSON ({@code {"Data": [{"Question", "QuestionId",
 * "Answer": {"Value", "Aliases", "NormalizedAliases"}}, ...], ...}}) or from JSON Lines with one
 * such question object per line. The format is told by content, not by file name: a top-level
 * object with a {@code Data} field is the official layout, anything else is read as one question
 * per top-level object.
 *
 * <p>The field names of the Hugging Face {@code trivia_qa} dataset ({@code question}, {@code
 * question_id}, {@code answer.value}, {@code answer.aliases}, {@code answer.normalized_aliases})
 * are accepted as well, so an export of that dataset reads as is. {@code Question}, {@code
 * QuestionId} and {@code Answer.Value} are required; the alias lists are optional. The official
 * layout is streamed, so large files are not held as a tree.
 */
public final class TriviaQaReader {
  private static final ObjectMapper JSON = Json.mapper();

  private TriviaQaReader() {}

  /**
   * All questions in {@code file}, in file order.
   *
   * @throws StepIndexException if the file is missing, is not valid JSON, holds no question, or a
   *     question lacks a required field; the message names the file and the line (JSON Lines) or
   *     the {@code Data} index
   */
  public static List<TriviaQuestion> read(Path file) throws IOException {
    List<TriviaQuestion> out = new ArrayList<>();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
        JsonParser p = JSON.createParser(in)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        int line = p.currentTokenLocation().getLineNr();
        if (t != JsonToken.START_OBJECT) {
          throw new StepIndexException(
              file + ":" + line + ": expected a JSON object with a TriviaQA question");
        }
        readTopLevel(p, file, line, out);
      }
    } catch (NoSuchFileException e) {
      throw new StepIndexException("TriviaQA file not found: " + file);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new StepIndexException(
          file
              + ":"
              + line
              + ": not valid JSON: "
              + e.getOriginalMessage().replaceAll("\\s+", " "));
    }
    if (out.isEmpty()) {
      throw new StepIndexException("no TriviaQA questions in " + file);
    }
    return out;
  }

  // One top-level object: the official wrapper (its Data array is streamed) or a single question.
  private static void readTopLevel(JsonParser p, Path file, int line, List<TriviaQuestion> out)
      throws IOException {
    var fields = JSON.createObjectNode();
    boolean wrapper = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("Data")) {
        if (value != JsonToken.START_ARRAY) {
          throw new StepIndexException(
              file + ":" + line + ": field 'Data' must be a list of questions");
        }
        wrapper = true;
        int index = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          out.add(question(p.readValueAsTree(), file + ": Data[" + index++ + "]"));
        }
      } else {
        fields.set(name, p.readValueAsTree());
      }
    }
    if (!wrapper) {
      out.add(question(fields, file + ":" + line));
    }
  }

  private static TriviaQuestion question(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new StepIndexException(where + ": expected a JSON object with a TriviaQA question");
    }
    JsonNode answer = field(node, "Answer", "answer", where);
    if (!answer.isObject()) {
      throw new StepIndexException(
          where + ": field 'Answer' must be an object with 'Value' and 'Aliases'");
    }
    return new TriviaQuestion(
        text(node, "QuestionId", "question_id", where),
        text(node, "Question", "question", where),
        text(answer, "Value", "value", where),
        list(answer, "Aliases", "aliases", where),
        list(answer, "NormalizedAliases", "normalized_aliases", where));
  }

  private static JsonNode field(JsonNode node, String name, String hfName, String where) {
    JsonNode v = node.has(name) ? node.get(name) : node.get(hfName);
    if (v == null || v.isNull()) {
      throw new StepIndexException(where + ": missing field '" + name + "'");
    }
    return v;
  }

  private static String text(JsonNode node, String name, String hfName, String where) {
    JsonNode v = field(node, name, hfName, where);
    if (!v.isValueNode()) {
      throw new StepIndexException(where + ": field '" + name + "' must be text");
    }
    return v.asText();
  }

  private static List<String> list(JsonNode node, String name, String hfName, String where) {
    JsonNode v = node.has(name) ? node.get(name) : node.get(hfName);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new StepIndexException(where + ": field '" + name + "' must be a list of strings");
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new StepIndexException(where + ": field '" + name + "' must be a list of strings");
      }
      out.add(e.asText());
    }
    return out;
  }
}
