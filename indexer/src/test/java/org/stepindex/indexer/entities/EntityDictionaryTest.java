package org.stepindex.indexer.entities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The FST matcher against a brute force on random word runs over a tiny alphabet (so names overlap,
 * nest, share prefixes and repeat), both file formats, name analysis, and one-line errors naming
 * file and line.
 */
class EntityDictionaryTest {
  @TempDir Path tmp;

  @Test
  void matchesEveryStartOfEveryNameOncePerEntity() {
    Random random = new Random(3);
    String[] alphabet = {"a", "b", "c", "d", "e"};
    for (int round = 0; round < 20; round++) {
      Map<String, List<String>> entities = new LinkedHashMap<>();
      Map<String, List<String[]>> words = new LinkedHashMap<>();
      for (int e = 0; e < 12; e++) {
        List<String> names = new ArrayList<>();
        List<String[]> nameWords = new ArrayList<>();
        for (int n = 0; n < 1 + random.nextInt(3); n++) {
          String[] name = new String[1 + random.nextInt(3)];
          for (int k = 0; k < name.length; k++) {
            name[k] = alphabet[random.nextInt(alphabet.length)];
          }
          // Upper case and punctuation are analyzed away, as the text view does.
          names.add(
              String.join(random.nextBoolean() ? " " : ", ", name)
                  .toUpperCase(java.util.Locale.ROOT));
          nameWords.add(name);
        }
        entities.put("Q" + e, names);
        words.put("Q" + e, nameWords);
      }
      EntityDictionary dictionary = EntityDictionary.of(entities, "test");
      String[] run = new String[60];
      for (int i = 0; i < run.length; i++) {
        run[i] = alphabet[random.nextInt(alphabet.length)];
      }
      assertEquals(bruteForce(words, run), matches(dictionary, run), "round " + round);
    }
  }

  private static List<String> bruteForce(Map<String, List<String[]>> entities, String[] run) {
    List<String> found = new ArrayList<>();
    for (int at = 0; at < run.length; at++) {
      final int start = at;
      Set<String> here = new LinkedHashSet<>();
      for (Map.Entry<String, List<String[]>> e : entities.entrySet()) {
        for (String[] name : e.getValue()) {
          boolean all = start + name.length <= run.length;
          for (int k = 0; all && k < name.length; k++) {
            all = run[start + k].equals(name[k]);
          }
          if (all) {
            here.add(e.getKey());
          }
        }
      }
      here.stream().sorted().forEach(id -> found.add(start + ":" + id));
    }
    return found;
  }

  private static List<String> matches(EntityDictionary dictionary, String[] run) {
    BytesRef[] words = new BytesRef[run.length];
    for (int i = 0; i < run.length; i++) {
      words[i] = new BytesRef(run[i]);
    }
    List<int[]> raw = new ArrayList<>();
    dictionary.match(words, words.length, (start, entity) -> raw.add(new int[] {start, entity}));
    List<String> found = new ArrayList<>();
    int i = 0;
    while (i < raw.size()) {
      final int start = raw.get(i)[0];
      List<String> ids = new ArrayList<>();
      for (; i < raw.size() && raw.get(i)[0] == start; i++) {
        ids.add(dictionary.ids().get(raw.get(i)[1]));
      }
      assertEquals(ids.size(), new LinkedHashSet<>(ids).size(), "an entity once per start");
      ids.stream().sorted().forEach(id -> found.add(start + ":" + id));
    }
    return found;
  }

  @Test
  void tsvAndJsonlReadTheSameEntities() throws IOException {
    Path tsv =
        Files.writeString(
            tmp.resolve("e.tsv"), "# comment\nQ90\tParis\tCity of Light\n\nQ142\tFrance\n");
    Path jsonl =
        Files.writeString(
            tmp.resolve("e.jsonl"),
            "{\"id\": \"Q90\", \"names\": [\"Paris\", \"City of Light\"]}\n{\"id\": \"Q142\", \"names\": [\"France\"]}\n");
    EntityDictionary a = EntityDictionary.read(tsv);
    EntityDictionary b = EntityDictionary.read(jsonl);
    assertEquals(List.of("Q90", "Q142"), a.ids());
    assertEquals(a.ids(), b.ids());
    assertEquals(3, a.nameCount());
    String[] run = {"the", "city", "of", "light", "paris", "france"};
    assertEquals(matches(a, run), matches(b, run));
    assertEquals(List.of("1:Q90", "4:Q90", "5:Q142"), matches(a, run));
    assertNotEquals(a.fingerprint(), b.fingerprint(), "the fingerprint is the file's");
  }

  @Test
  void pairsAreUnorderedAndNameKnownEntities() throws IOException {
    EntityDictionary d =
        EntityDictionary.read(Files.writeString(tmp.resolve("e.tsv"), "A\ta\nB\tb\nC\tc\n"));
    EntityPairs pairs =
        EntityPairs.read(Files.writeString(tmp.resolve("p.tsv"), "B\tA\nA\tB\nC\tA\n"), d);
    assertEquals(List.of("A\tB", "A\tC"), pairs.terms());
    assertEquals(EntityPairs.term("A", "B"), EntityPairs.term("B", "A"));
    assertOneLine(
        () -> EntityPairs.read(Files.writeString(tmp.resolve("u.tsv"), "A\tZ\n"), d),
        "u.tsv:1 names entity 'Z', which is not in the entity file");
    assertOneLine(
        () -> EntityPairs.read(Files.writeString(tmp.resolve("s.tsv"), "A\tA\n"), d),
        "with itself");
    assertOneLine(
        () -> EntityPairs.read(Files.writeString(tmp.resolve("t.tsv"), "A B\n"), d),
        "t.tsv:1 needs two");
  }

  @Test
  void malformedFilesAreOneLineErrors() throws IOException {
    assertOneLine(
        () -> EntityDictionary.read(Files.writeString(tmp.resolve("r.tsv"), "Q1\ta\nQ1\tb\n")),
        "r.tsv:2 repeats entity id 'Q1'");
    assertOneLine(
        () -> EntityDictionary.read(Files.writeString(tmp.resolve("n.tsv"), "Q1\n")),
        "n.tsv:1 needs ID");
    assertOneLine(
        () -> EntityDictionary.read(Files.writeString(tmp.resolve("j.jsonl"), "{\"id\": 1}\n")),
        "j.jsonl:1 needs {\"id\"");
    assertOneLine(
        () -> EntityDictionary.read(Files.writeString(tmp.resolve("b.jsonl"), "{\"id\": \n")),
        "b.jsonl:1 is not a JSON object");
    assertOneLine(() -> EntityDictionary.read(tmp.resolve("missing.tsv")), "no such entity file");
    assertOneLine(
        () -> EntityDictionary.read(Files.writeString(tmp.resolve("e.tsv"), "# nothing\n")),
        "holds no entities");
  }

  private static void assertOneLine(org.junit.jupiter.api.function.Executable run, String part) {
    StepIndexException e = assertThrows(StepIndexException.class, run);
    assertTrue(e.getMessage().contains(part), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }
}
