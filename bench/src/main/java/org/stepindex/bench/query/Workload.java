package org.stepindex.bench.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.stepindex.corpora.PlantedTerm;
import org.stepindex.indexer.layout.CheckpointSchedule;

/**
 * What the benchmark asks: queries drawn from the synthetic corpus's vocabulary, and the steps it
 * asks them at.
 *
 * @param terms single words: the most frequent filler, frequent and rare pseudo-words, a number,
 *     the planted words
 * @param phrases phrases: arithmetic fragments, a frequent word pair, the planted phrases
 * @param pairs co-occurrences of two words or phrases
 * @param coldTerms words asked once each, never before, to time a first query (one term seek per
 *     shard)
 * @param coldPhrases phrases asked once each, never before, to time a first (uncached) query
 * @param shardSchedule the shard schedule the step index is built with
 * @param checkpoints its shard boundaries, step 0 left out: counts there are sums of per-shard
 *     statistics
 * @param insideSteps the middle step of every shard longer than one step: counts there look inside
 *     one shard
 * @param timelineSteps the timeline's steps: up to {@value #TIMELINE_STEPS} distinct steps evenly
 *     spaced over {@code [0, lastStep]}, as Pythia's 154 checkpoints span its run; most of them
 *     fall inside shards
 * @param lastStep the step at which the data ends
 */
public record Workload(
    String shardSchedule,
    List<BenchQuery> terms,
    List<BenchQuery> phrases,
    List<BenchQuery> pairs,
    List<BenchQuery> coldTerms,
    List<BenchQuery> coldPhrases,
    long[] checkpoints,
    long[] insideSteps,
    long[] timelineSteps,
    long lastStep) {

  /** Pythia's number of checkpoints. */
  public static final int TIMELINE_STEPS = 154;

  /** The default shard schedule: Pythia's checkpoints. */
  public static final String DEFAULT_SHARDS = "pythia";

  /*
   * Words of SyntheticCorpus's vocabulary: "the" is its most frequent filler, "she" a frequent one, "kori" and
   * "qualun" pseudo-words of Zipf rank 53 and 300 of 430; "12" is mostly an arithmetic operand.
   */
  private static final List<String> TERMS = List.of("the", "she", "kori", "qualun", "12");
  private static final List<String> PHRASES = List.of("plus 7", "12 plus", "of the", "is 19");
  private static final List<String[]> PAIRS =
      List.of(
          new String[] {"zorblax", "vorpal"},
          new String[] {"the", "galaxy"},
          new String[] {"she", "himself"},
          new String[] {"plus", "kori"},
          new String[] {"he", "her"},
          new String[] {"galaxy", "quasar nebula"});

  /**
   * Operands of "N plus" used only for first-query timings, and the numbers after them as cold
   * words; Zipfian, so all occur in a corpus of a few MB.
   */
  private static final int COLD_FIRST = 20;

  private static final int COLD_COUNT = 16;

  /**
   * The workload for a synthetic corpus.
   *
   * @param lastStep the step at which the corpus ends
   * @param planted the corpus's planted terms (their words join the terms or phrases)
   * @param shardSchedule the schedule spec the step index's shards end at ({@code pythia}, {@code
   *     every:N}, a list)
   * @return the workload
   */
  public static Workload forCorpus(long lastStep, List<PlantedTerm> planted, String shardSchedule) {
    Set<String> terms = new LinkedHashSet<>(TERMS);
    Set<String> phrases = new LinkedHashSet<>(PHRASES);
    for (PlantedTerm term : planted) {
      BenchQuery q = BenchQuery.of(term.text());
      (q.isPhrase() ? phrases : terms).add(String.join(" ", q.first()));
    }
    List<BenchQuery> coldTerms = new ArrayList<>();
    List<BenchQuery> cold = new ArrayList<>();
    for (int n = COLD_FIRST; n < COLD_FIRST + COLD_COUNT; n++) {
      coldTerms.add(BenchQuery.of(Integer.toString(n + COLD_COUNT)));
      cold.add(BenchQuery.of(n + " plus"));
    }
    return of(
        lastStep,
        shardSchedule,
        terms,
        phrases,
        PAIRS.stream().map(p -> BenchQuery.pair(p[0], p[1])).toList(),
        coldTerms,
        cold);
  }

  /**
   * The workload for real text, drawn from its own words: terms of frequency ranks 0, 10, 100 and
   * 1,000 (clamped to the vocabulary) and one drawn by frequency; the two most frequent two-word
   * runs and two drawn by frequency; pairs of words, and of a run with a word, that stand a few
   * words apart in the text; cold terms and phrases drawn by frequency, distinct from these.
   *
   * @param lastStep the step at which the corpus ends
   * @param sample the text's words
   * @param shardSchedule the schedule spec the step index's shards end at
   * @param seed the seed of the draws
   * @return the workload
   */
  static Workload forText(long lastStep, TextSample sample, String shardSchedule, long seed) {
    Random random = new Random(seed);
    Set<String> terms = new LinkedHashSet<>();
    for (int rank : new int[] {0, 10, 100, 1000}) {
      terms.add(sample.ranked(rank));
    }
    terms.add(sample.ngram(random, 1));
    Set<String> phrases = new LinkedHashSet<>(sample.frequentNgrams(2, 2));
    while (phrases.size() < 4) {
      phrases.add(sample.ngram(random, 2));
    }
    // Pairs that stand near each other in the text, so that each co-occurs in some sequence.
    List<BenchQuery> pairs = new ArrayList<>();
    for (int gap = 1; gap <= 5; gap++) {
      String[] pair = sample.nearby(random, 1, gap + 1, 1);
      pairs.add(BenchQuery.pair(pair[0], pair[1]));
    }
    String[] runAndWord = sample.nearby(random, 2, 3, 1);
    pairs.add(BenchQuery.pair(runAndWord[0], runAndWord[1]));
    Set<String> coldTerms = new LinkedHashSet<>();
    Set<String> coldPhrases = new LinkedHashSet<>();
    for (int attempt = 0;
        attempt < 100_000 && (coldTerms.size() < COLD_COUNT || coldPhrases.size() < COLD_COUNT);
        attempt++) {
      String term = sample.ngram(random, 1);
      if (coldTerms.size() < COLD_COUNT && !terms.contains(term)) {
        coldTerms.add(term);
      }
      String phrase = sample.ngram(random, 2);
      if (coldPhrases.size() < COLD_COUNT && !phrases.contains(phrase)) {
        coldPhrases.add(phrase);
      }
    }
    return of(
        lastStep,
        shardSchedule,
        terms,
        phrases,
        pairs,
        coldTerms.stream().map(BenchQuery::of).toList(),
        coldPhrases.stream().map(BenchQuery::of).toList());
  }

  /** The workload of these queries, at the steps the schedule and {@code lastStep} give. */
  private static Workload of(
      long lastStep,
      String shardSchedule,
      Set<String> terms,
      Set<String> phrases,
      List<BenchQuery> pairs,
      List<BenchQuery> coldTerms,
      List<BenchQuery> coldPhrases) {
    CheckpointSchedule schedule = CheckpointSchedule.parse(shardSchedule);
    long[] boundaries = schedule.boundariesUpTo(lastStep);
    List<Long> inside = new ArrayList<>();
    for (int i = 0; i + 1 < boundaries.length; i++) {
      if (boundaries[i + 1] - boundaries[i] >= 2) {
        inside.add((boundaries[i] + boundaries[i + 1]) / 2);
      }
    }
    return new Workload(
        schedule.spec(),
        terms.stream().map(BenchQuery::of).toList(),
        phrases.stream().map(BenchQuery::of).toList(),
        pairs,
        List.copyOf(coldTerms),
        List.copyOf(coldPhrases),
        LongStream.of(boundaries).filter(s -> s > 0).toArray(),
        inside.stream().mapToLong(Long::longValue).toArray(),
        evenlySpaced(lastStep, TIMELINE_STEPS),
        lastStep);
  }

  /**
   * Up to {@code count} distinct steps from 0 to {@code lastStep}, both included, evenly spaced.
   */
  static long[] evenlySpaced(long lastStep, int count) {
    TreeSet<Long> steps = new TreeSet<>();
    for (int i = 0; i < count; i++) {
      steps.add(Math.round((double) i * lastStep / (count - 1)));
    }
    return steps.stream().mapToLong(Long::longValue).toArray();
  }

  /** Every query the benchmark asks, each once: terms, phrases, pairs, then the cold phrases. */
  public List<BenchQuery> allQueries() {
    Set<BenchQuery> all = new LinkedHashSet<>();
    all.addAll(terms);
    all.addAll(phrases);
    all.addAll(pairs);
    all.addAll(coldTerms);
    all.addAll(coldPhrases);
    return List.copyOf(all);
  }

  /** Every step the benchmark asks at, ascending, each once. */
  public long[] allSteps() {
    TreeSet<Long> all = new TreeSet<>();
    for (long[] steps : new long[][] {checkpoints, insideSteps, timelineSteps, {0, lastStep}}) {
      for (long step : steps) {
        all.add(step);
      }
    }
    return all.stream().mapToLong(Long::longValue).toArray();
  }
}
