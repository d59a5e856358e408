package org.stepindex.eval.correlate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.stepindex.indexer.base.Csv;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.entities.EntitiesView;
import org.stepindex.indexer.entities.QaEntityFile;
import org.stepindex.query.Count;
import org.stepindex.query.FrequencyIndex;

/**
 * "Is the model better on the facts it has seen more often?" (Kandpal et al. 2022, on Pythia
 * checkpoints).
 *
 * <p>For each scored TriviaQA question at checkpoint {@code stepN}, its <em>relevant
 * sequences</em>: the training sequences of steps {@code [0, N)} whose text contains a question
 * entity <em>and</em> an answer alias, counted once per sequence however often they occur (Kandpal
 * et al. count relevant documents; a Pythia training sequence is the unit the model sees). Entities
 * come from an {@link EntityFile} when given, else from {@link EntityHeuristic}. The query is
 * {@link FrequencyIndex#cooccurTimeline} of {@code "e1" OR "e2" …} and {@code "a1" OR "a2" …}
 * ({@link PhraseQueries}), one call per distinct question over all steps.
 *
 * <p>A question left with no entity (or no alias with a word in it) has no count: its row says so
 * with an empty count, and it is left out of the bins. The bins are {@link LogBins}; per (model,
 * step, k, bin) the accuracy is the fraction of its questions answered correctly.
 */
public final class TriviaCorrelation {
  /** Per-question rows. */
  public static final String PAIRS_FILE = "triviaqa-pairs.csv";

  /** Per-bin rows. */
  public static final String BINS_FILE = "triviaqa-bins.csv";

  /** Columns of {@link #PAIRS_FILE}; entities and answers are joined with {@code " | "}. */
  public static final List<String> PAIR_COLUMNS =
      List.of(
          "model",
          "step",
          "k",
          "id",
          "entities",
          "answers",
          "relevant_sequences",
          "bin",
          "correct");

  /**
   * Columns of {@link #BINS_FILE}: {@code low} is exclusive and {@code high} inclusive; bin 0 also
   * holds the counts outside every bin ({@link LogBins}).
   */
  public static final List<String> BIN_COLUMNS =
      List.of("model", "step", "k", "bin", "low", "high", "n", "accuracy");

  private TriviaCorrelation() {}

  /**
   * One question at one checkpoint.
   *
   * @param model the model
   * @param step the checkpoint step
   * @param k few-shot examples
   * @param id the question id
   * @param entities the question entities used
   * @param answers the answer aliases
   * @param relevant relevant sequences in steps {@code [0, step)}; empty when there was nothing to
   *     count
   * @param correct whether the model answered correctly
   */
  public record Pair(
      String model,
      long step,
      int k,
      String id,
      List<String> entities,
      List<String> answers,
      OptionalLong relevant,
      boolean correct) {
    public Pair {
      entities = List.copyOf(entities);
      answers = List.copyOf(answers);
    }
  }

  /**
   * The accuracy of the questions in one bin.
   *
   * @param model the model
   * @param step the checkpoint step
   * @param k few-shot examples
   * @param bin the {@link LogBins} bin
   * @param n questions in it
   * @param accuracy the fraction answered correctly
   */
  public record Bin(String model, long step, int k, int bin, int n, double accuracy) {}

  /**
   * The join.
   *
   * @param pairs per-question rows, ordered by model, step, k, then as read
   * @param bins non-empty bins, ordered by model, step, k, bin
   */
  public record Result(List<Pair> pairs, List<Bin> bins) {
    public Result {
      pairs = List.copyOf(pairs);
      bins = List.copyOf(bins);
    }
  }

  /** A checkpoint group. */
  private record Group(String model, long step, int k) {}

  private static final Comparator<Group> GROUP_ORDER =
      Comparator.comparing(Group::model).thenComparingLong(Group::step).thenComparingInt(Group::k);

  /**
   * Counts relevant sequences for each instance and bins them.
   *
   * @param entityFile question id → entities, or null to use {@link EntityHeuristic}
   * @throws StepIndexException when the entity file lacks a question, or a step is not indexed
   */
  public static Result run(
      FrequencyIndex index,
      List<EvalInstances.Trivia> instances,
      Map<String, List<String>> entityFile) {
    return run(index, instances, entityFile, null);
  }

  /**
   * As {@link #run(FrequencyIndex, List, Map)}, but counting through the index's {@code entities}
   * view when {@code qaEntities} is given: a question's relevant sequences are those holding one of
   * its question entities and one of its answer entities, the declared pair {@link
   * QaEntityFile#pair} (term statistics when the view declares it, else a postings intersection);
   * its row lists the entity ids counted.
   *
   * @param qaEntities question id → its entities ({@link QaEntityFile}), or null to count through
   *     the text view
   * @throws StepIndexException when {@code qaEntities} lacks a question, or the index has no
   *     entities view
   */
  public static Result run(
      FrequencyIndex index,
      List<EvalInstances.Trivia> instances,
      Map<String, List<String>> entityFile,
      Map<String, QaEntityFile.Item> qaEntities) {
    long[] steps =
        instances.stream().mapToLong(EvalInstances.Trivia::step).distinct().sorted().toArray();
    Map<Long, Integer> stepIndex = new HashMap<>();
    for (int i = 0; i < steps.length; i++) {
      stepIndex.put(steps[i], i);
    }
    Map<String, Count[]> timelines =
        new HashMap<>(); // by the pair of queries, so a question is counted once
    List<Pair> pairs = new ArrayList<>();
    for (EvalInstances.Trivia t : instances) {
      if (qaEntities != null) {
        QaEntityFile.Item item = qaEntities.get(t.id());
        if (item == null) {
          throw new StepIndexException(
              "the QA entity file has no entry for question '" + t.id() + "'");
        }
        String[] pair = QaEntityFile.pair(item);
        Count[] timeline =
            timelines.computeIfAbsent(
                pair[0] + "\u0000" + pair[1],
                key -> index.cooccurTimeline(EntitiesView.NAME, pair[0], pair[1], steps));
        pairs.add(
            new Pair(
                t.model(),
                t.step(),
                t.k(),
                t.id(),
                item.question().stream().map(QaEntityFile.Entity::id).toList(),
                item.answer().stream().map(QaEntityFile.Entity::id).toList(),
                OptionalLong.of(timeline[stepIndex.get(t.step())].sequences()),
                t.correct()));
        continue;
      }
      List<String> entities;
      if (entityFile != null) {
        entities = entityFile.get(t.id());
        if (entities == null) {
          throw new StepIndexException(
              "the entity file has no entry for question '" + t.id() + "'");
        }
      } else {
        entities = EntityHeuristic.entities(t.question(), t.targets());
      }
      String a = PhraseQueries.anyOf(entities);
      String b = PhraseQueries.anyOf(t.targets());
      OptionalLong relevant = OptionalLong.empty();
      if (!a.isEmpty() && !b.isEmpty()) {
        Count[] timeline =
            timelines.computeIfAbsent(
                a + "\u0000" + b, key -> index.cooccurTimeline(a, b, 0, steps));
        relevant = OptionalLong.of(timeline[stepIndex.get(t.step())].sequences());
      }
      pairs.add(
          new Pair(
              t.model(), t.step(), t.k(), t.id(), entities, t.targets(), relevant, t.correct()));
    }
    pairs.sort(
        Comparator.comparing((Pair p) -> new Group(p.model(), p.step(), p.k()), GROUP_ORDER));

    Map<Group, int[][]> tallies = new TreeMap<>(GROUP_ORDER); // bin → {correct, total}
    for (Pair p : pairs) {
      if (p.relevant().isEmpty()) {
        continue;
      }
      int[] tally =
          tallies
              .computeIfAbsent(
                  new Group(p.model(), p.step(), p.k()), g -> new int[LogBins.COUNT][2])[
              LogBins.of(p.relevant().getAsLong())];
      tally[0] += p.correct() ? 1 : 0;
      tally[1]++;
    }
    List<Bin> bins = new ArrayList<>();
    tallies.forEach(
        (g, byBin) -> {
          for (int bin = 0; bin < LogBins.COUNT; bin++) {
            if (byBin[bin][1] > 0) {
              bins.add(
                  new Bin(
                      g.model(),
                      g.step(),
                      g.k(),
                      bin,
                      byBin[bin][1],
                      (double) byBin[bin][0] / byBin[bin][1]));
            }
          }
        });
    return new Result(pairs, bins);
  }

  /** The per-question rows as a table with {@link #PAIR_COLUMNS}. */
  public static Csv.Table pairTable(List<Pair> pairs) {
    List<List<String>> rows = new ArrayList<>();
    for (Pair p : pairs) {
      rows.add(
          List.of(
              p.model(),
              Long.toString(p.step()),
              Integer.toString(p.k()),
              p.id(),
              String.join(" | ", p.entities()),
              String.join(" | ", p.answers()),
              p.relevant().isPresent() ? Long.toString(p.relevant().getAsLong()) : "",
              p.relevant().isPresent() ? LogBins.label(LogBins.of(p.relevant().getAsLong())) : "",
              Boolean.toString(p.correct())));
    }
    return new Csv.Table(PAIR_COLUMNS, rows);
  }

  /** The per-bin rows as a table with {@link #BIN_COLUMNS}. */
  public static Csv.Table binTable(List<Bin> bins) {
    List<List<String>> rows = new ArrayList<>();
    for (Bin b : bins) {
      String high = Long.toString(LogBins.high(b.bin()));
      rows.add(
          List.of(
              b.model(),
              Long.toString(b.step()),
              Integer.toString(b.k()),
              Integer.toString(b.bin()),
              Long.toString(LogBins.low(b.bin())),
              high,
              Integer.toString(b.n()),
              Csv.number(b.accuracy())));
    }
    return new Csv.Table(BIN_COLUMNS, rows);
  }

  /**
   * Writes {@link #PAIRS_FILE} and {@link #BINS_FILE} into {@code dir}, both or neither.
   *
   * @return the files written
   */
  public static List<Path> write(Result result, Path dir) {
    try (OutputDir out = OutputDir.open(dir)) {
      out.write(PAIRS_FILE, pairTable(result.pairs()));
      out.write(BINS_FILE, binTable(result.bins()));
      return out.commit();
    }
  }
}
