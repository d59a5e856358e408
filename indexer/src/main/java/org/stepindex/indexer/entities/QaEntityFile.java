package org.stepindex.indexer.entities;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The entities of QA pairs, for counting Kandpal et al.'s relevant sequences through the {@code
 * entities} view: JSON Lines, one question a line,
 *
 * <pre>{"id": "tc_33", "question_entities": [{"id": "Q90", "names": ["Paris"]}],
 *  "answer_entities": [{"id": "Q142", "names": ["France", "French Republic"]}]}</pre>
 *
 * <p>(blank lines skipped). A question's relevant sequences are those holding some question entity
 * and some answer entity. {@link #write} turns the file into an entity file and a pair file for
 * {@code index --entities FILE --entity-pairs FILE}: every entity by its id (names of one id merged
 * across questions), and per question one declared pair, {@link #pair}: the two entity ids when the
 * question has one question entity and one answer entity, else two entities of the question's own,
 * {@code ID#question} and {@code ID#answer}, holding all names of each side, so that the pair's
 * count is still "some question entity and some answer entity in the sequence".
 */
public final class QaEntityFile {
  /** File names {@link #write} uses. */
  public static final String ENTITIES = "entities.jsonl";

  public static final String PAIRS = "entity-pairs.tsv";

  private static final ObjectMapper JSON = Json.mapper();

  private QaEntityFile() {}

  /**
   * An entity of a question.
   *
   * @param id its id, e.g. a Wikidata id
   * @param names its names and aliases
   */
  public record Entity(String id, List<String> names) {
    public Entity {
      names = List.copyOf(names);
    }
  }

  /**
   * One question's entities.
   *
   * @param id the question id (as in the TriviaQA file)
   * @param question the question entities
   * @param answer the answer entities
   */
  public record Item(String id, List<Entity> question, List<Entity> answer) {
    public Item {
      question = List.copyOf(question);
      answer = List.copyOf(answer);
    }
  }

  /**
   * Reads a QA entity file.
   *
   * @throws StepIndexException naming the file and line of a malformed entry
   */
  public static List<Item> read(Path file) {
    String[] lines =
        new String(EntityDictionary.readBytes(file, "QA entity file"), StandardCharsets.UTF_8)
            .split("\r?\n", -1);
    List<Item> items = new ArrayList<>();
    for (int n = 0; n < lines.length; n++) {
      if (lines[n].isBlank()) {
        continue;
      }
      String where = file + ":" + (n + 1);
      JsonNode node;
      try {
        node = JSON.readTree(lines[n]);
      } catch (JacksonException e) {
        throw new StepIndexException(where + " is not a JSON object: " + e.getOriginalMessage());
      }
      JsonNode id = node.get("id");
      if (id == null || !id.isValueNode() || id.asText().isBlank()) {
        throw new StepIndexException(
            where
                + " needs {\"id\": ..., \"question_entities\": [...], \"answer_entities\":"
                + " [...]}");
      }
      items.add(
          new Item(
              id.asText(),
              entities(node.get("question_entities"), where),
              entities(node.get("answer_entities"), where)));
    }
    return items;
  }

  private static List<Entity> entities(JsonNode list, String where) {
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new StepIndexException(
          where
              + " needs non-empty question_entities and answer_entities, each a list of"
              + " {\"id\": \"Q90\", \"names\": [\"Paris\", ...]}");
    }
    List<Entity> entities = new ArrayList<>();
    for (JsonNode e : list) {
      JsonNode id = e.get("id");
      JsonNode names = e.get("names");
      if (id == null
          || !id.isValueNode()
          || id.asText().isBlank()
          || names == null
          || !names.isArray()
          || names.isEmpty()) {
        throw new StepIndexException(
            where
                + " has an entity without an id or names; write {\"id\": \"Q90\","
                + " \"names\": [\"Paris\", ...]}");
      }
      List<String> values = new ArrayList<>();
      names.forEach(v -> values.add(v.asText()));
      entities.add(new Entity(id.asText().strip(), values));
    }
    return entities;
  }

  /**
   * The declared pair that counts an item's relevant sequences (see the class comment).
   *
   * @return the two entity ids
   */
  public static String[] pair(Item item) {
    if (item.question().size() == 1
        && item.answer().size() == 1
        && !item.question().getFirst().id().equals(item.answer().getFirst().id())) {
      return new String[] {item.question().getFirst().id(), item.answer().getFirst().id()};
    }
    return new String[] {item.id() + "#question", item.id() + "#answer"};
  }

  /**
   * Writes {@value #ENTITIES} and {@value #PAIRS} into {@code dir} (created if needed), each
   * atomically.
   *
   * @return the two files
   * @throws StepIndexException if an id of a question's own entities is also an entity id of the
   *     file
   */
  public static List<Path> write(List<Item> items, Path dir) {
    Map<String, LinkedHashSet<String>> entities = new LinkedHashMap<>();
    StringBuilder pairs = new StringBuilder();
    for (Item item : items) {
      for (Entity e : item.question()) {
        entities.computeIfAbsent(e.id(), k -> new LinkedHashSet<>()).addAll(e.names());
      }
      for (Entity e : item.answer()) {
        entities.computeIfAbsent(e.id(), k -> new LinkedHashSet<>()).addAll(e.names());
      }
    }
    Map<String, LinkedHashSet<String>> own = new LinkedHashMap<>();
    for (Item item : items) {
      String[] pair = pair(item);
      if (pair[0].equals(item.id() + "#question")) {
        for (int side = 0; side < 2; side++) {
          if (entities.containsKey(pair[side])) {
            throw new StepIndexException(
                "question "
                    + item.id()
                    + " needs an entity "
                    + pair[side]
                    + ", which is also an entity id of the file; rename one");
          }
          LinkedHashSet<String> names = own.computeIfAbsent(pair[side], k -> new LinkedHashSet<>());
          (side == 0 ? item.question() : item.answer()).forEach(e -> names.addAll(e.names()));
        }
      }
      pairs.append(pair[0]).append('\t').append(pair[1]).append('\n');
    }
    entities.putAll(own);
    try {
      StringBuilder lines = new StringBuilder();
      for (Map.Entry<String, LinkedHashSet<String>> e : entities.entrySet()) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", e.getKey());
        e.getValue().forEach(node.putArray("names")::add);
        lines.append(JSON.writeValueAsString(node)).append('\n');
      }
      Files.createDirectories(dir);
      AtomicFiles.write(dir.resolve(ENTITIES), lines.toString().getBytes(StandardCharsets.UTF_8));
      AtomicFiles.write(dir.resolve(PAIRS), pairs.toString().getBytes(StandardCharsets.UTF_8));
      return List.of(dir.resolve(ENTITIES), dir.resolve(PAIRS));
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot write the entity files into " + dir + ": " + e.getMessage(), e);
    }
  }
}
