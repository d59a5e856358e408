package org.stepindex.bench.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.stepindex.corpora.SyntheticCorpus;

/**
 * The queries and the entity files of {@link ScaleBench}, the same at every size (one seed): an
 * entity file of {@code entities} entities over the synthetic corpus's words, declared pairs, and
 * for each timed operation {@code samples} distinct queries, plus separate guard queries that the
 * correctness check asks (so the timed ones stay cold). Every timed list holds {@code 2 · samples}
 * queries: the first half warms the code paths up (JIT), the second half is timed; both are cold
 * for the caches.
 *
 * <p>An entity has one to three names; a name is a word drawn by the corpus's own Zipf law followed
 * by one or two pseudo-words drawn uniformly, so entity frequencies spread over orders of magnitude
 * as real ones do. Guard entities {@code G0…} have one name each, {@code the <word>}, frequent
 * enough to co-occur at the smallest size.
 *
 * @param entityFile the TSV entity file
 * @param pairFile the declared pairs
 * @param guardNames guard entity id → its one name
 * @param guardPairs declared pairs of guard entities
 * @param guardWordPairs word pairs the check intersects both ways
 * @param terms timed words
 * @param entityIds timed entity ids
 * @param guardPhrases phrases the check counts with and without the bigrams view (two and three
 *     words)
 * @param phrases timed two-word phrases (without quotes)
 * @param longPhrases timed three-word phrases (without quotes)
 * @param declared timed declared pairs
 * @param adHocEntities timed undeclared entity pairs
 * @param adHocWords timed pairs of mid-frequency words
 * @param qaPairs the declared pairs counted at every timeline step in one pass
 */
record ScaleWorkload(
    Path entityFile,
    Path pairFile,
    Map<String, String> guardNames,
    List<String[]> guardPairs,
    List<String[]> guardWordPairs,
    List<String> guardPhrases,
    List<String> terms,
    List<String> entityIds,
    List<String> phrases,
    List<String> longPhrases,
    List<String[]> declared,
    List<String[]> adHocEntities,
    List<String[]> adHocWords,
    List<String[]> qaPairs) {

  private static final int FUNCTION_WORDS = 30;
  private static final int GUARDS = 10;

  /** Mid-frequency words for ad-hoc pairs: Zipf ranks of the corpus's fillers. */
  private static final int MID_FROM = 30;

  private static final int MID_TO = 130;

  /** Writes the entity and pair files into {@code dir} and returns the workload. */
  static ScaleWorkload write(Path dir, int entities, int timed, int qaPairs, long seed) {
    int samples = 2 * timed;
    List<String> words = SyntheticCorpus.fillerWords();
    List<String> pseudo = words.subList(FUNCTION_WORDS, words.size());
    double[] cumulative = new double[words.size()];
    double sum = 0;
    for (int r = 0; r < words.size(); r++) {
      sum += 1 / Math.pow(r + 1, 1.1); // the corpus's filler law (SyntheticCorpus)
      cumulative[r] = sum;
    }
    Random random = new Random(seed);
    StringBuilder tsv = new StringBuilder("# bench entities: id, then names\n");
    Map<String, String> guards = new LinkedHashMap<>();
    Set<String> guardWords = new LinkedHashSet<>();
    for (int g = 0; g < GUARDS; g++) {
      String word = words.get(FUNCTION_WORDS + g);
      guards.put("G" + g, "the " + word);
      guardWords.add(word);
      tsv.append("G").append(g).append("\tthe ").append(word).append('\n');
    }
    for (int e = 0; e < entities; e++) {
      tsv.append('E').append(e);
      int names = 1 + random.nextInt(3);
      for (int n = 0; n < names; n++) {
        tsv.append('\t').append(words.get(zipf(random, cumulative, sum)));
        int more = random.nextInt(5) == 0 ? 2 : 1;
        for (int m = 0; m < more; m++) {
          tsv.append(' ').append(pseudo.get(random.nextInt(pseudo.size())));
        }
      }
      tsv.append('\n');
    }
    EntityDraws draws = EntityDraws.draw(random, GUARDS, entities, samples, qaPairs);
    List<String[]> guardWordPairs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      guardWordPairs.add(new String[] {words.get(MID_TO + 2 * i), words.get(MID_TO + 2 * i + 1)});
      guardWords.add(words.get(MID_TO + 2 * i));
      guardWords.add(words.get(MID_TO + 2 * i + 1));
    }
    List<String> candidates = new ArrayList<>(words);
    candidates.removeAll(guardWords);
    java.util.Collections.shuffle(candidates, random);
    List<String> terms = List.copyOf(candidates.subList(0, Math.min(samples, candidates.size())));
    List<String> guardPhrases = new ArrayList<>(guards.values());
    guardPhrases.addAll(
        List.of("plus 1 is", "plus 2 is", "the " + words.get(FUNCTION_WORDS) + " the"));
    Set<String> phrases = new LinkedHashSet<>();
    while (phrases.size() < 2 * samples) {
      String phrase =
          words.get(zipf(random, cumulative, sum)) + " " + words.get(zipf(random, cumulative, sum));
      if (!guardPhrases.contains(phrase)) {
        phrases.add(phrase);
      }
    }
    Set<String> longPhrases = new LinkedHashSet<>();
    while (longPhrases.size() < samples) {
      String phrase =
          words.get(zipf(random, cumulative, sum))
              + " "
              + words.get(zipf(random, cumulative, sum))
              + " "
              + words.get(zipf(random, cumulative, sum));
      if (!guardPhrases.contains(phrase)) {
        longPhrases.add(phrase);
      }
    }
    Set<String> wordPairKeys = new LinkedHashSet<>();
    List<String[]> adHocWords = new ArrayList<>();
    while (adHocWords.size() < samples) {
      String a = words.get(MID_FROM + random.nextInt(MID_TO - MID_FROM));
      String b = words.get(MID_FROM + random.nextInt(MID_TO - MID_FROM));
      if (!a.equals(b) && wordPairKeys.add(key(new String[] {a, b}))) {
        adHocWords.add(new String[] {a, b});
      }
    }
    return write(
        dir,
        tsv,
        guards,
        draws,
        guardWordPairs,
        guardPhrases,
        terms,
        List.copyOf(phrases),
        List.copyOf(longPhrases),
        samples,
        adHocWords);
  }

  /**
   * The workload for real text, drawn from {@code sample} (words and runs of words as the text view
   * reads them, by their frequency): entity names are one- or two-word runs of the text; guard
   * entities are its ten most frequent two-word runs, so they co-occur at the smallest size; guard
   * word pairs and ad-hoc word pairs are words of frequency ranks 30 to 130; timed terms and
   * phrases are distinct draws by frequency.
   */
  static ScaleWorkload fromText(
      Path dir, TextSample sample, int entities, int timed, int qaPairs, long seed) {
    int samples = 2 * timed;
    Random random = new Random(seed);
    StringBuilder tsv = new StringBuilder("# bench entities drawn from the text: id, then names\n");
    Map<String, String> guards = new LinkedHashMap<>();
    List<String> frequentPairs = sample.frequentNgrams(2, GUARDS);
    for (int g = 0; g < frequentPairs.size(); g++) {
      guards.put("G" + g, frequentPairs.get(g));
      tsv.append("G").append(g).append('\t').append(frequentPairs.get(g)).append('\n');
    }
    for (int e = 0; e < entities; e++) {
      tsv.append('E').append(e);
      int names = 1 + random.nextInt(3);
      for (int n = 0; n < names; n++) {
        tsv.append('\t').append(sample.ngram(random, random.nextInt(3) == 0 ? 2 : 1));
      }
      tsv.append('\n');
    }
    EntityDraws draws = EntityDraws.draw(random, guards.size(), entities, samples, qaPairs);
    List<String[]> guardWordPairs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      guardWordPairs.add(
          new String[] {sample.ranked(MID_FROM + 2 * i), sample.ranked(MID_FROM + 2 * i + 1)});
    }
    List<String> guardPhrases = new ArrayList<>(guards.values());
    guardPhrases.addAll(sample.frequentNgrams(3, 3));
    List<String> terms = distinct(samples, () -> sample.ngram(random, 1), guardPhrases);
    List<String> phrases = distinct(2 * samples, () -> sample.ngram(random, 2), guardPhrases);
    List<String> longPhrases = distinct(samples, () -> sample.ngram(random, 3), guardPhrases);
    Set<String> wordPairKeys = new LinkedHashSet<>();
    List<String[]> adHocWords = new ArrayList<>();
    for (int attempt = 0; adHocWords.size() < samples && attempt < 100 * samples; attempt++) {
      String a = sample.ranked(MID_FROM + random.nextInt(MID_TO - MID_FROM));
      String b = sample.ranked(MID_FROM + random.nextInt(MID_TO - MID_FROM));
      if (!a.equals(b) && wordPairKeys.add(key(new String[] {a, b}))) {
        adHocWords.add(new String[] {a, b});
      }
    }
    return write(
        dir,
        tsv,
        guards,
        draws,
        guardWordPairs,
        guardPhrases,
        terms,
        phrases,
        longPhrases,
        samples,
        adHocWords);
  }

  /**
   * Up to {@code count} distinct draws, none of them in {@code excluded}; fewer when the text has
   * fewer (a bound on attempts keeps a small text from looping).
   */
  private static List<String> distinct(
      int count, java.util.function.Supplier<String> draw, List<String> excluded) {
    Set<String> drawn = new LinkedHashSet<>();
    for (int attempt = 0; drawn.size() < count && attempt < 100 * count; attempt++) {
      String next = draw.get();
      if (!excluded.contains(next)) {
        drawn.add(next);
      }
    }
    return List.copyOf(drawn);
  }

  private static List<String[]> distinctEntityPairs(
      Random random, int entities, int count, Set<String> taken) {
    List<String[]> pairs = new ArrayList<>();
    while (pairs.size() < count) {
      String[] pair = entityPair(random, entities);
      if (taken.add(key(pair))) {
        pairs.add(pair);
      }
    }
    return pairs;
  }

  /**
   * The entity draws both workloads make, in this order from one random source: guard pairs (G0
   * &amp; G1, G2 &amp; G3, …), declared pairs (the timed ones, then the QA pass's), undeclared
   * ad-hoc pairs, and timed entity ids.
   */
  private record EntityDraws(
      List<String[]> guardPairs,
      List<String[]> declared,
      List<String[]> adHoc,
      List<String> entityIds) {
    static EntityDraws draw(Random random, int guards, int entities, int samples, int qaPairs) {
      List<String[]> guardPairs = new ArrayList<>();
      for (int g = 0; g + 1 < guards; g += 2) {
        guardPairs.add(new String[] {"G" + g, "G" + (g + 1)});
      }
      Set<String> pairKeys = new LinkedHashSet<>();
      List<String[]> declared = distinctEntityPairs(random, entities, samples + qaPairs, pairKeys);
      List<String[]> adHoc = distinctEntityPairs(random, entities, samples, pairKeys);
      List<String> entityIds = new ArrayList<>();
      Set<Integer> taken = new LinkedHashSet<>();
      while (entityIds.size() < samples && taken.size() < entities) {
        int e = random.nextInt(entities);
        if (taken.add(e)) {
          entityIds.add("E" + e);
        }
      }
      return new EntityDraws(guardPairs, declared, adHoc, entityIds);
    }
  }

  /**
   * Writes the entity and pair files and returns the workload (the guard pairs, then the declared
   * ones).
   */
  private static ScaleWorkload write(
      Path dir,
      CharSequence tsv,
      Map<String, String> guards,
      EntityDraws draws,
      List<String[]> guardWordPairs,
      List<String> guardPhrases,
      List<String> terms,
      List<String> phrases,
      List<String> longPhrases,
      int samples,
      List<String[]> adHocWords) {
    StringBuilder pairs = new StringBuilder();
    for (String[] pair : draws.guardPairs()) {
      pairs.append(pair[0]).append('\t').append(pair[1]).append('\n');
    }
    for (String[] pair : draws.declared()) {
      pairs.append(pair[0]).append('\t').append(pair[1]).append('\n');
    }
    try {
      Files.createDirectories(dir);
      Path entityFile = Files.writeString(dir.resolve("entities.tsv"), tsv, StandardCharsets.UTF_8);
      Path pairFile =
          Files.writeString(dir.resolve("entity-pairs.tsv"), pairs, StandardCharsets.UTF_8);
      List<String[]> declared = draws.declared();
      return new ScaleWorkload(
          entityFile,
          pairFile,
          guards,
          draws.guardPairs(),
          guardWordPairs,
          List.copyOf(guardPhrases),
          terms,
          draws.entityIds(),
          List.copyOf(phrases),
          List.copyOf(longPhrases),
          declared.subList(0, samples),
          draws.adHoc(),
          adHocWords,
          declared.subList(samples, declared.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String[] entityPair(Random random, int entities) {
    int a = random.nextInt(entities);
    int b = random.nextInt(entities - 1);
    return new String[] {"E" + a, "E" + (b >= a ? b + 1 : b)};
  }

  private static String key(String[] pair) {
    return pair[0].compareTo(pair[1]) <= 0 ? pair[0] + "\t" + pair[1] : pair[1] + "\t" + pair[0];
  }

  private static int zipf(Random random, double[] cumulative, double sum) {
    double u = random.nextDouble() * sum;
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
