package org.stepindex.indexer.entities;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IntsRefBuilder;
import org.apache.lucene.util.fst.FST;
import org.apache.lucene.util.fst.FSTCompiler;
import org.apache.lucene.util.fst.PositiveIntOutputs;
import org.apache.lucene.util.fst.Util;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.views.TextAnalyzer;

/**
 * A dictionary of entities, each an id with one or more names, and the matcher that finds them in a
 * run of words.
 *
 * <p>File formats, one entity a line (blank lines and lines starting with {@code #} are skipped):
 *
 * <ul>
 *   <li>TSV: {@code ID<TAB>name<TAB>alias…}, e.g. {@code Q90 Paris City of Light};
 *   <li>JSONL: {@code {"id": "Q90", "names": ["Paris", "City of Light"]}}.
 * </ul>
 *
 * <p>Each name is analyzed exactly as the {@code text} view analyzes words ({@link TextAnalyzer}:
 * UAX#29 words, lower-cased), so {@code "New York"} is the word sequence {@code new york}; a name
 * with no words is ignored. An id may appear once; two entities may share a name.
 *
 * <p>The names are compiled into one Lucene {@link FST} (the automaton behind Lucene's {@code
 * SynonymMap}), keyed by the name's words joined with a separator byte, whose output is the row of
 * a table of entity ordinals. Matching walks the FST from every start position and reports each
 * final state reached, so every name that matches at a position is found, also when names overlap
 * or one is a prefix of another. Lucene's own {@code SynonymGraphFilter} is not used because it
 * keeps one match per position and skips the words it consumed, and overlapping entities must each
 * count. The FST keeps hundreds of thousands of names in a few megabytes and costs at most one arc
 * lookup per byte of the longest name per position.
 */
public final class EntityDictionary {
  /** Between two words of a name in an FST key; never part of an analyzed word. */
  private static final int SEPARATOR = 0;

  private static final ObjectMapper JSON = Json.mapper();

  private final List<String> ids;
  private final Map<String, Integer> ordinals;
  private final FST<Long> fst;

  /** FST output → the ordinals of the entities having that name. */
  private final int[][] outputs;

  private final int longestName;
  private final String fingerprint;
  private final int names;

  private EntityDictionary(
      List<String> ids,
      FST<Long> fst,
      int[][] outputs,
      int longestName,
      String fingerprint,
      int names) {
    this.ids = List.copyOf(ids);
    this.ordinals = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      ordinals.put(ids.get(i), i);
    }
    this.fst = fst;
    this.outputs = outputs;
    this.longestName = longestName;
    this.fingerprint = fingerprint;
    this.names = names;
  }

  /**
   * Reads an entity file (TSV or JSONL, see the class comment).
   *
   * @param file the file
   * @return the dictionary
   * @throws StepIndexException naming the file and line of a malformed entry, or a repeated id
   */
  public static EntityDictionary read(Path file) {
    byte[] bytes = readBytes(file, "entity file");
    Map<String, List<String>> entities = new java.util.LinkedHashMap<>();
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String where = file + ":" + (n + 1);
      Map.Entry<String, List<String>> entity =
          line.strip().startsWith("{") ? parseJson(line, where) : parseTsv(line, where);
      if (entities.put(entity.getKey(), entity.getValue()) != null) {
        throw new StepIndexException(
            where + " repeats entity id '" + entity.getKey() + "'; give each id one line");
      }
    }
    if (entities.isEmpty()) {
      throw new StepIndexException(
          file + " holds no entities; give one 'ID<TAB>name<TAB>alias...' a line");
    }
    return of(entities, sha256(bytes));
  }

  /**
   * A dictionary of the given entities.
   *
   * @param entities id → names, in order
   * @param fingerprint what identifies their source (recorded in the manifest)
   * @return the dictionary
   */
  public static EntityDictionary of(Map<String, List<String>> entities, String fingerprint) {
    List<String> ids = new ArrayList<>(entities.keySet());
    // Key (words joined by SEPARATOR, as UTF-8) → ordinals of entities with that name; sorted as
    // the FST needs.
    TreeMap<BytesRef, List<Integer>> keys = new TreeMap<>();
    int longest = 0;
    int names = 0;
    try (Analyzer analyzer = new TextAnalyzer()) {
      for (int ord = 0; ord < ids.size(); ord++) {
        for (String name : entities.get(ids.get(ord))) {
          List<String> words = TextAnalyzer.words(analyzer, name);
          if (words.isEmpty()) {
            continue;
          }
          names++;
          longest = Math.max(longest, words.size());
          List<Integer> owners = keys.computeIfAbsent(key(words), k -> new ArrayList<>());
          if (!owners.contains(ord)) {
            owners.add(ord);
          }
        }
      }
    }
    try {
      FSTCompiler<Long> compiler =
          new FSTCompiler.Builder<>(FST.INPUT_TYPE.BYTE1, PositiveIntOutputs.getSingleton())
              .build();
      int[][] outputs = new int[keys.size()][];
      IntsRefBuilder scratch = new IntsRefBuilder();
      int row = 0;
      for (Map.Entry<BytesRef, List<Integer>> e : keys.entrySet()) {
        outputs[row] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
        compiler.add(Util.toIntsRef(e.getKey(), scratch), (long) row);
        row++;
      }
      FST<Long> fst = FST.fromFSTReader(compiler.compile(), compiler.getFSTReader());
      return new EntityDictionary(ids, fst, outputs, longest, fingerprint, names);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The entity ids, in file order; an entity's ordinal is its index here. */
  public List<String> ids() {
    return ids;
  }

  /** The ordinal of an entity id, or -1. */
  public int ordinal(String id) {
    Integer ord = ordinals.get(id);
    return ord == null ? -1 : ord;
  }

  /** Names with at least one word, over all entities. */
  public int nameCount() {
    return names;
  }

  /** The SHA-256 of the file the dictionary was read from. */
  public String fingerprint() {
    return fingerprint;
  }

  /** Receives one entity occurrence. */
  @FunctionalInterface
  public interface MatchConsumer {
    /**
     * @param start the index of the first word of the match
     * @param entity the entity's ordinal
     */
    void match(int start, int entity);
  }

  /**
   * Finds every entity occurrence in a run of words: for each start position, each entity having
   * some name whose words equal the words from there on, once per entity and start even when
   * several of its names match there. Matches are reported by start position, then in name order.
   *
   * @param words the run of analyzed words (no document boundary inside)
   * @param count how many of {@code words} to use
   * @param out receives the matches
   */
  public void match(BytesRef[] words, int count, MatchConsumer out) {
    try {
      FST.BytesReader reader = fst.getBytesReader();
      FST.Arc<Long> arc = new FST.Arc<>();
      FST.Arc<Long> next = new FST.Arc<>();
      int[] seen = new int[4];
      for (int start = 0; start < count; start++) {
        int seenCount = 0;
        fst.getFirstArc(arc);
        long output = 0;
        boolean alive = true;
        for (int w = start; w < count && w - start < longestName && alive; w++) {
          if (w > start) {
            if (fst.findTargetArc(SEPARATOR, arc, next, reader) == null) {
              break;
            }
            output += next.output();
            arc.copyFrom(next);
          }
          BytesRef word = words[w];
          for (int b = 0; b < word.length; b++) {
            if (fst.findTargetArc(word.bytes[word.offset + b] & 0xff, arc, next, reader) == null) {
              alive = false;
              break;
            }
            output += next.output();
            arc.copyFrom(next);
          }
          if (alive && arc.isFinal()) {
            for (int entity : outputs[(int) (output + arc.nextFinalOutput())]) {
              if (!contains(seen, seenCount, entity)) {
                if (seenCount == seen.length) {
                  seen = Arrays.copyOf(seen, seenCount * 2);
                }
                seen[seenCount++] = entity;
                out.match(start, entity);
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the FST is on the heap
    }
  }

  private static boolean contains(int[] values, int count, int value) {
    for (int i = 0; i < count; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }

  private static BytesRef key(List<String> words) {
    byte[] joined =
        String.join(String.valueOf((char) SEPARATOR), words).getBytes(StandardCharsets.UTF_8);
    return new BytesRef(joined);
  }

  private static Map.Entry<String, List<String>> parseTsv(String line, String where) {
    String[] fields = line.split("\t", -1);
    String id = fields[0].strip();
    List<String> names = new ArrayList<>();
    for (int i = 1; i < fields.length; i++) {
      if (!fields[i].isBlank()) {
        names.add(fields[i]);
      }
    }
    if (id.isEmpty() || names.isEmpty()) {
      throw new StepIndexException(
          where + " needs ID<TAB>name<TAB>alias... (an id and at least one name)");
    }
    return Map.entry(id, names);
  }

  private static Map.Entry<String, List<String>> parseJson(String line, String where) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JacksonException e) {
      throw new StepIndexException(where + " is not a JSON object: " + e.getOriginalMessage());
    }
    JsonNode id = node.get("id");
    JsonNode list = node.get("names");
    if (id == null
        || !id.isValueNode()
        || id.asText().isBlank()
        || list == null
        || !list.isArray()
        || list.isEmpty()) {
      throw new StepIndexException(where + " needs {\"id\": \"Q90\", \"names\": [\"Paris\", ...]}");
    }
    List<String> names = new ArrayList<>();
    list.forEach(n -> names.add(n.asText()));
    return Map.entry(id.asText().strip(), names);
  }

  static byte[] readBytes(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new StepIndexException("no such " + what + ": " + file);
    } catch (IOException e) {
      throw new StepIndexException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
