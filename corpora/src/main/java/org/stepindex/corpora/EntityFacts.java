package org.stepindex.corpora;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Invented entities, one fact each ({@code The capital of Zorbia is Quelmar.}), ranked by how often
 * the corpus states them, and the TriviaQA-style files that ask about them.
 *
 * <p>Names are built from three-letter syllables: an entity is two syllables and {@code "ia"} (8
 * letters), a value three syllables (9 letters), so no name is another's, none is an English word
 * of the corpus, and each is one token. Facts are ranked {@code 0 … n-1} (Zipf rank); the shot
 * entities sit at ranks spread evenly over the range, so shots are neither all famous nor all
 * obscure, and are never the evaluated questions.
 */
final class EntityFacts {
  /** The most entities the syllables can name: 20 × 20. */
  static final int MAX_ENTITIES = 400;

  private static final String[] SYLLABLES = {
    "zor", "bel", "qua", "mir", "tan", "vel", "dun", "kes", "lor", "pim", "rax", "sol", "tur",
    "nes", "gol", "fen", "hal", "jor", "wex", "yun"
  };

  /**
   * Relations, one per entity; each reads {@code The R of E is V.} and {@code What is the R of E?}.
   */
  private static final String[] RELATIONS = {"capital", "ruler", "river", "currency"};

  /**
   * One fact: its Zipf rank, names, and whether its question is a few-shot example rather than
   * evaluated.
   */
  record Fact(int rank, String entity, String relation, String value, boolean shot) {
    String statement() {
      return "The " + relation + " of " + entity + " is " + value + ".";
    }

    /** The question as TriviaQA words it, and as the corpus asks it after {@code Q:}. */
    String question() {
      return "What is the " + relation + " of " + entity + "?";
    }

    /**
     * The question and answer in the few-shot eval's Pythia template: {@code Q:{question} A:
     * {value}}.
     */
    String questionAnswer() {
      return "Q:" + question() + " A: " + value;
    }

    String id() {
      return String.format(Locale.ROOT, "study-%03d", rank + 1);
    }
  }

  private final List<Fact> facts;
  private final Zipf zipf;

  private EntityFacts(List<Fact> facts, double exponent) {
    this.facts = facts;
    this.zipf = new Zipf(facts.size(), exponent);
  }

  /**
   * Names {@code facts.entities() + facts.shotEntities()} facts, deterministically from {@code
   * random}.
   */
  static EntityFacts invent(StudyOptions.Facts options, SplittableRandom random) {
    int n = options.entities() + options.shotEntities();
    List<String> entityNames = names(2, "ia", n, random);
    List<String> valueNames = names(3, "", n, random);
    Set<Integer> shotRanks = new LinkedHashSet<>();
    for (int i = 0; i < options.shotEntities(); i++) {
      // Midpoints of equal slices of the ranks; distinct because there are at least as many ranks
      // as slices.
      shotRanks.add((int) ((i + 0.5) * n / options.shotEntities()));
    }
    List<Fact> facts = new ArrayList<>(n);
    for (int rank = 0; rank < n; rank++) {
      facts.add(
          new Fact(
              rank,
              entityNames.get(rank),
              RELATIONS[rank % RELATIONS.length],
              valueNames.get(rank),
              shotRanks.contains(rank)));
    }
    return new EntityFacts(List.copyOf(facts), options.exponent());
  }

  /**
   * {@code count} distinct capitalized names of {@code syllables} random syllables plus {@code
   * suffix}.
   */
  private static List<String> names(
      int syllables, String suffix, int count, SplittableRandom random) {
    Set<String> names = new LinkedHashSet<>();
    while (names.size() < count) {
      StringBuilder name = new StringBuilder();
      for (int s = 0; s < syllables; s++) {
        name.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
      }
      name.append(suffix);
      name.setCharAt(0, Character.toUpperCase(name.charAt(0)));
      names.add(name.toString());
    }
    return new ArrayList<>(names);
  }

  /** All facts, by rank. */
  List<Fact> facts() {
    return facts;
  }

  /** The words the facts need as tokens: names, relations and the fixed words of both forms. */
  List<String> words() {
    List<String> words =
        new ArrayList<>(List.of("The", "of", "is", ".", "Q", ":", "What", "the", "?", "A"));
    words.addAll(List.of(RELATIONS));
    for (Fact f : facts) {
      words.add(f.entity());
      words.add(f.value());
    }
    return words;
  }

  /** A fact drawn by Zipf rank. */
  Fact draw(SplittableRandom random) {
    return facts.get(zipf.sample(random));
  }

  /**
   * Writes the evaluated questions, the shot questions (TriviaQA JSON Lines: {@code QuestionId},
   * {@code Question}, {@code Answer.Value}, {@code Answer.Aliases}, {@code
   * Answer.NormalizedAliases}, {@code Answer.NormalizedValue}) and the entity file ({@code {"id",
   * "entities": [entity]}} per evaluated question), each atomically.
   */
  void writeFiles(Path questions, Path shots, Path entities) {
    ObjectMapper json = Json.mapper();
    ByteArrayOutputStream evaluated = new ByteArrayOutputStream();
    ByteArrayOutputStream shotLines = new ByteArrayOutputStream();
    ByteArrayOutputStream entityLines = new ByteArrayOutputStream();
    try {
      for (Fact f : facts) {
        ObjectNode q = json.createObjectNode();
        q.put("QuestionId", f.id());
        q.put("Question", f.question());
        ObjectNode answer = q.putObject("Answer");
        answer.put("Value", f.value());
        answer.putArray("Aliases").add(f.value());
        answer.putArray("NormalizedAliases").add(f.value().toLowerCase(Locale.ROOT));
        answer.put("NormalizedValue", f.value().toLowerCase(Locale.ROOT));
        line(json, q, f.shot() ? shotLines : evaluated);
        if (!f.shot()) {
          ObjectNode e = json.createObjectNode();
          e.put("id", f.id());
          e.putArray("entities").add(f.entity());
          line(json, e, entityLines);
        }
      }
      AtomicFiles.write(questions, evaluated.toByteArray());
      AtomicFiles.write(shots, shotLines.toByteArray());
      AtomicFiles.write(entities, entityLines.toByteArray());
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot write the study questions next to " + questions + ": " + e.getMessage(), e);
    }
  }

  private static void line(ObjectMapper json, ObjectNode node, ByteArrayOutputStream out)
      throws IOException {
    out.write(json.writeValueAsBytes(node));
    out.write('\n');
  }
}
