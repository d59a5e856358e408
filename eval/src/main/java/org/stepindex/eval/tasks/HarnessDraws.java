package org.stepindex.eval.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The few-shot draws of lm-evaluation-harness v0.3 for a task without training documents, as the
 * Pythia study's arithmetic and time-unit tasks were run ({@code lm_eval/evaluator.py} {@code
 * evaluate} and {@code lm_eval/base.py} {@code Task.fewshot_context}): one {@code random.Random}
 * seeded with 42 per task shuffles the task's test documents; then, for each document in the
 * shuffled order, {@code rnd.sample(validation_docs, k + 1)}, without the document itself, first
 * {@code k}. With {@code k = 0} nothing is drawn.
 */
final class HarnessDraws {
  /** The seed of the harness's {@code rnd.seed(42)}. */
  static final long SEED = 42;

  private HarnessDraws() {}

  /**
   * The evaluator's {@code rnd.shuffle(task_docs)} as positions: {@code shuffle} draws depend only
   * on the list's length, so shuffling positions is shuffling the documents.
   *
   * @param rnd the task's generator, freshly seeded
   * @param n how many documents
   * @return the positions {@code 0..n-1} in shuffled order
   */
  static List<Integer> shuffledPositions(CPythonRandom rnd, int n) {
    List<Integer> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    rnd.shuffle(order);
    return order;
  }

  /**
   * The shots of every test document of one task.
   *
   * @param testDocs the task's test documents in dataset order
   * @param pool the validation documents in dataset order
   * @param k the number of shots
   * @param <D> a document, equal to another when the harness's dicts would be
   * @return for each test document, in dataset order, its shots in prompt order
   */
  static <D> List<List<D>> shots(List<D> testDocs, List<D> pool, int k) {
    CPythonRandom rnd = new CPythonRandom(SEED);
    List<Integer> order = shuffledPositions(rnd, testDocs.size());
    List<List<D>> shots = new ArrayList<>(Collections.nCopies(testDocs.size(), List.of()));
    if (k == 0) {
      return shots;
    }
    for (int i : order) {
      D doc = testDocs.get(i);
      shots.set(i, rnd.sample(pool, k + 1).stream().filter(x -> !x.equals(doc)).limit(k).toList());
    }
    return shots;
  }
}
