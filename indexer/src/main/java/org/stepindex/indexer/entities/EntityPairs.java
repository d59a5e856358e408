package org.stepindex.indexer.entities;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Entity pairs declared with an entities view ({@code --entity-pairs FILE}): one {@code ID<TAB>ID}
 * a line, blank lines and lines starting with {@code #} skipped. A pair is unordered; each is
 * indexed as one term per sequence holding both entities ({@link #term(String, String)}), so its
 * co-occurrence count is term statistics.
 */
public final class EntityPairs {
  private final List<String> terms;

  /**
   * For each entity ordinal, the ordinals it is declared with (each pair listed under its smaller
   * ordinal).
   */
  private final int[][] partners;

  private final String fingerprint;

  private EntityPairs(List<String> terms, int[][] partners, String fingerprint) {
    this.terms = List.copyOf(terms);
    this.partners = partners;
    this.fingerprint = fingerprint;
  }

  /** No declared pairs. */
  public static EntityPairs none(EntityDictionary dictionary) {
    return new EntityPairs(List.of(), new int[dictionary.ids().size()][0], null);
  }

  /**
   * Reads a pair file; both ids of every pair must be entities of {@code dictionary}.
   *
   * @throws StepIndexException naming the file and line of a malformed pair or an unknown id
   */
  public static EntityPairs read(Path file, EntityDictionary dictionary) {
    byte[] bytes = EntityDictionary.readBytes(file, "entity pair file");
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1);
    Set<String> terms = new LinkedHashSet<>();
    List<List<Integer>> partners = new ArrayList<>();
    for (int i = 0; i < dictionary.ids().size(); i++) {
      partners.add(new ArrayList<>());
    }
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] ids = line.split("\t", -1);
      if (ids.length != 2 || ids[0].isBlank() || ids[1].isBlank()) {
        throw new StepIndexException(
            file + ":" + (n + 1) + " needs two entity ids separated by a tab, ID<TAB>ID");
      }
      int a = ordinal(dictionary, ids[0].strip(), file, n);
      int b = ordinal(dictionary, ids[1].strip(), file, n);
      if (a == b) {
        throw new StepIndexException(
            file + ":" + (n + 1) + " pairs entity " + ids[0].strip() + " with itself");
      }
      if (terms.add(term(ids[0].strip(), ids[1].strip()))) {
        partners.get(Math.min(a, b)).add(Math.max(a, b));
      }
    }
    int[][] table = new int[partners.size()][];
    for (int i = 0; i < table.length; i++) {
      table[i] = partners.get(i).stream().mapToInt(Integer::intValue).sorted().toArray();
    }
    return new EntityPairs(new ArrayList<>(terms), table, EntityDictionary.sha256(bytes));
  }

  private static int ordinal(EntityDictionary dictionary, String id, Path file, int line) {
    int ord = dictionary.ordinal(id);
    if (ord < 0) {
      throw new StepIndexException(
          file + ":" + (line + 1) + " names entity '" + id + "', which is not in the entity file");
    }
    return ord;
  }

  /**
   * The term of an unordered pair in the pairs field: the two ids in string order, a tab between.
   *
   * @param a an entity id
   * @param b another
   * @return e.g. {@code "Q142\tQ90"} for {@code (Q90, Q142)} and for {@code (Q142, Q90)}
   */
  public static String term(String a, String b) {
    return a.compareTo(b) <= 0 ? a + "\t" + b : b + "\t" + a;
  }

  /** The declared pairs' terms, in file order, each once. */
  public List<String> terms() {
    return terms;
  }

  /** The SHA-256 of the pair file, or null when none was given. */
  public String fingerprint() {
    return fingerprint;
  }

  /** The ordinals declared with {@code entity} that are larger than it, ascending. */
  int[] partnersAbove(int entity) {
    return partners[entity];
  }

  /** Whether any pair is declared. */
  public boolean isEmpty() {
    return terms.isEmpty();
  }
}
