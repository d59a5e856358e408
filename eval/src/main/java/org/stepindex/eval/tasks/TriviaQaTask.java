package org.stepindex.eval.tasks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Few-shot TriviaQA, closed book: greedy until the template's stop strings, scored as the template
 * says ({@link TriviaTemplate#correct}; {@code pythia} is the study's exact match against the
 * pruned aliases).
 *
 * <p>Shots come from a separate list of questions (the training split) or, without one, from the
 * evaluated questions themselves. By default they are drawn as lm-evaluation-harness v0.3 drew them
 * for the study's {@code trivia_qa.py}, a task with training documents: one {@code
 * random.Random(42)} ({@link CPythonRandom}) shuffles the evaluated questions, a limit keeps the
 * first {@code limit} of that order, and each question in that order gets {@code
 * rnd.sample(training_docs, k)} — the asked question is not excluded, as in the harness. The study
 * evaluated train and validation together ({@code validation_docs} is their concatenation) with the
 * train split as the pool: give both files, in that order, and the train file as the shot pool.
 *
 * <p>With a seed the shots are this project's own draws: never a question with the asked question's
 * id, from a generator seeded by the seed and the question's id — not k — so the shots of a smaller
 * k are the first shots of a larger one; a limit keeps the first {@code limit} questions of the
 * file.
 */
public final class TriviaQaTask implements EvalTask {
  /** The task's name in records and file names. */
  public static final String NAME = "triviaqa";

  private final TriviaQaOptions options;
  private final List<TriviaItem> items;

  /**
   * Builds every prompt, ordered by k, then question in file order.
   *
   * @param questions the questions to ask, in file order
   * @param shotPool where shots come from, or {@code null} to draw them from {@code questions}
   * @throws StepIndexException if the shot pool holds fewer questions (other than the one asked,
   *     with a seed) than the largest k
   */
  public TriviaQaTask(
      List<TriviaQuestion> questions, List<TriviaQuestion> shotPool, TriviaQaOptions options) {
    this.options = options;
    List<TriviaQuestion> pool = shotPool == null ? questions : shotPool;
    if (options.seed() == null) {
      this.items = harnessItems(questions, pool);
      return;
    }
    List<TriviaQuestion> asked =
        options.limit() > 0 && options.limit() < questions.size()
            ? questions.subList(0, options.limit())
            : questions;
    if (asked.isEmpty()) {
      throw new StepIndexException("no TriviaQA questions to evaluate");
    }
    Map<String, List<Integer>> poolIndex = new HashMap<>();
    for (int i = 0; i < pool.size(); i++) {
      poolIndex.computeIfAbsent(pool.get(i).id(), id -> new ArrayList<>()).add(i);
    }
    List<TriviaItem> list = new ArrayList<>();
    for (int k : options.shots()) {
      for (TriviaQuestion q : asked) {
        list.add(item(q, k, pool, poolIndex.getOrDefault(q.id(), List.of())));
      }
    }
    this.items = List.copyOf(list);
  }

  /** The harness's draws (see the class comment), for every k. */
  private List<TriviaItem> harnessItems(List<TriviaQuestion> questions, List<TriviaQuestion> pool) {
    if (questions.isEmpty()) {
      throw new StepIndexException("no TriviaQA questions to evaluate");
    }
    int maxK = options.shots().stream().mapToInt(Integer::intValue).max().orElseThrow();
    if (maxK > pool.size()) {
      throw new StepIndexException(
          "bad shot count " + maxK + ": the shot questions hold only " + pool.size());
    }
    List<TriviaItem> list = new ArrayList<>();
    for (int k : options.shots()) {
      CPythonRandom rnd = new CPythonRandom(HarnessDraws.SEED);
      List<Integer> order = HarnessDraws.shuffledPositions(rnd, questions.size());
      if (options.limit() > 0 && options.limit() < order.size()) {
        order = order.subList(0, options.limit());
      }
      TriviaItem[] byPosition = new TriviaItem[questions.size()];
      for (int i : order) {
        List<TriviaQuestion> shots = k == 0 ? List.of() : rnd.sample(pool, k);
        byPosition[i] = prompt(questions.get(i), k, shots);
      }
      for (TriviaItem item : byPosition) {
        if (item != null) {
          list.add(item);
        }
      }
    }
    return List.copyOf(list);
  }

  private TriviaItem prompt(TriviaQuestion q, int k, List<TriviaQuestion> shots) {
    TriviaTemplate template = options.template();
    List<FewShotPrompt.Shot> rendered = new ArrayList<>(shots.size());
    for (TriviaQuestion shot : shots) {
      rendered.add(
          new FewShotPrompt.Shot(
              template.question(shot.question()), " " + template.shotAnswer(shot)));
    }
    return new TriviaItem(
        q, k, template, FewShotPrompt.build(rendered, template.question(q.question())));
  }

  private TriviaItem item(
      TriviaQuestion q, int k, List<TriviaQuestion> pool, List<Integer> excluded) {
    int available = pool.size() - excluded.size();
    if (k > available) {
      throw new StepIndexException(
          "bad shot count "
              + k
              + ": the shot questions hold only "
              + available
              + " other than question "
              + q.id());
    }
    Random random = Draws.random(options.seed(), q.id().hashCode());
    List<TriviaQuestion> shots = new ArrayList<>(k);
    for (int index : Draws.distinct(available, k, random)) {
      // Skip the asked question's own slots; excluded is ascending.
      for (int e : excluded) {
        if (e <= index) {
          index++;
        }
      }
      shots.add(pool.get(index));
    }
    return prompt(q, k, shots);
  }

  /** The options the prompts were built from. */
  public TriviaQaOptions options() {
    return options;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<TriviaItem> items() {
    return items;
  }

  @Override
  public List<String> stopStrings() {
    return options.template().stopStrings();
  }

  @Override
  public int maxNewTokens() {
    return options.maxNewTokens();
  }
}
