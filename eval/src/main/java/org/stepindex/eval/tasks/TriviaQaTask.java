package org.stepindex.eval.tasks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.stepindex.indexer.StepIndexException;

/**
 * Few-shot TriviaQA, closed book: greedy until the template's stop strings, exact match after SQuAD normalization
 * against any accepted answer ({@link TriviaItem#correct}).
 *
 * <p>The shots of a question come from a separate list of questions (a training split, say) or, without one, from the
 * evaluated questions themselves; either way a question with the asked question's id is never its own shot. They are
 * drawn with a generator seeded by the options' seed and the question's id — not k — so the shots of a smaller k are
 * the first shots of a larger one. The Pythia scorer also dropped every alias that has another alias as a prefix
 * ({@code _remove_prefixes}, an optimization copied from a log-likelihood task that makes exact match miss, e.g.,
 * "Paris, France"); this task matches against all aliases instead.
 */
public final class TriviaQaTask implements EvalTask {
  /** The task's name in records and file names. */
  public static final String NAME = "triviaqa";

  private final TriviaQaOptions options;
  private final List<TriviaItem> items;

  /**
   * Builds every prompt, ordered by k, then question.
   *
   * @param questions the questions to ask, in file order (only the first {@code options.limit()} if set)
   * @param shotPool where shots come from, or {@code null} to draw them from {@code questions}
   * @throws StepIndexException if the shot pool holds fewer questions (other than the one asked) than the largest k
   */
  public TriviaQaTask(List<TriviaQuestion> questions, List<TriviaQuestion> shotPool, TriviaQaOptions options) {
    this.options = options;
    List<TriviaQuestion> pool = shotPool == null ? questions : shotPool;
    List<TriviaQuestion> asked =
        options.limit() > 0 && options.limit() < questions.size() ? questions.subList(0, options.limit()) : questions;
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

  private TriviaItem item(TriviaQuestion q, int k, List<TriviaQuestion> pool, List<Integer> excluded) {
    int available = pool.size() - excluded.size();
    if (k > available) {
      throw new StepIndexException("bad shot count " + k + ": the shot questions hold only " + available
          + " other than question " + q.id());
    }
    TriviaTemplate template = options.template();
    Random random = Draws.random(options.seed(), q.id().hashCode());
    List<FewShotPrompt.Shot> shots = new ArrayList<>(k);
    for (int index : Draws.distinct(available, k, random)) {
      // Skip the asked question's own slots; excluded is ascending.
      for (int e : excluded) {
        if (e <= index) {
          index++;
        }
      }
      TriviaQuestion shot = pool.get(index);
      shots.add(new FewShotPrompt.Shot(template.question(shot.question()), " " + template.shotAnswer(shot)));
    }
    return new TriviaItem(q, k, template, FewShotPrompt.build(shots, template.question(q.question())));
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
