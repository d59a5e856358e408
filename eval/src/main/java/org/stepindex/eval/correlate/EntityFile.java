package org.stepindex.eval.correlate;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;

/**
 * A user's question entities, JSONL: one {@code {"id": "qid", "entities": ["…", …]}} per line, e.g.
 * from an entity linker. A later line for the same id replaces an earlier one.
 */
public final class EntityFile {
  private static final ObjectMapper JSON = Json.mapper();

  private EntityFile() {}

  /**
   * Reads the file.
   *
   * @return question id → its entities, in file order
   * @throws StepIndexException naming the file and line of a malformed entry
   */
  public static Map<String, List<String>> read(Path file) {
    Map<String, List<String>> entities = new LinkedHashMap<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int number = 0;
      for (String line; (line = reader.readLine()) != null; ) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (JacksonException e) {
          throw new StepIndexException(
              file + ":" + number + " is not a JSON object: " + e.getOriginalMessage());
        }
        JsonNode id = node.get("id");
        JsonNode list = node.get("entities");
        if (id == null || !id.isValueNode() || list == null || !list.isArray()) {
          throw new StepIndexException(
              file + ":" + number + " needs {\"id\": \"qid\", \"entities\": [\"...\", ...]}");
        }
        List<String> names = new ArrayList<>();
        list.forEach(e -> names.add(e.asText()));
        entities.put(id.asText(), List.copyOf(names));
      }
    } catch (NoSuchFileException e) {
      throw new StepIndexException("no such entity file: " + file);
    } catch (IOException e) {
      throw new StepIndexException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return entities;
  }
}
