package org.stepindex.eval.agreement;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * One checkpoint against the data it had seen: for each context, the model's next-token
 * distribution (one forward pass) against the data's at every {@link NgramOrder}, and the means
 * over the contexts the data had seen.
 */
public final class NgramAgreement {
  private NgramAgreement() {}

  /**
   * One context's comparison at every order.
   *
   * @param context the index of the context in the list given
   * @param ids the context's token ids
   * @param orders one comparison per {@link NgramOrder#ALL}, in that order (null where the context
   *     is too short)
   */
  public record ContextResult(int context, int[] ids, List<Agreement> orders) {}

  /**
   * An order's means over the contexts the data had followed at that order.
   *
   * @param order the order ({@link NgramOrder#label()})
   * @param contexts contexts compared (the data had followed them)
   * @param meanKl the mean KL(data ‖ model), nats; NaN without contexts
   * @param top1 the share of contexts whose top tokens agree; NaN without contexts
   * @param meanProbabilityOfTop the mean of the model's probability of the data's top token; NaN
   *     without contexts
   */
  public record Summary(
      String order, int contexts, double meanKl, double top1, double meanProbabilityOfTop) {}

  /**
   * Compares the model with the data at {@code step} on every context.
   *
   * @param model the checkpoint's next-token distributions
   * @param data the data's distributions
   * @param contexts the contexts
   * @param step the checkpoint's step: the data is that of steps {@code [0, step)}
   * @param progress told each context's index once it is done
   */
  public static List<ContextResult> compare(
      NextTokenModel model,
      DataNgrams data,
      List<int[]> contexts,
      long step,
      IntConsumer progress) {
    List<ContextResult> results = new ArrayList<>();
    for (int c = 0; c < contexts.size(); c++) {
      int[] ids = contexts.get(c);
      double[] logprobs = model.nextLogProbs(ids);
      List<Agreement> orders = new ArrayList<>();
      for (NgramOrder order : NgramOrder.ALL) {
        DataDistribution distribution = data.at(ids, order, step);
        orders.add(distribution == null ? null : Agreement.of(order, distribution, logprobs));
      }
      results.add(new ContextResult(c, ids, orders));
      progress.accept(c);
    }
    return results;
  }

  /** The means of each order, in the order of {@link NgramOrder#ALL}. */
  public static List<Summary> summarize(List<ContextResult> results) {
    List<Summary> summaries = new ArrayList<>();
    for (int o = 0; o < NgramOrder.ALL.size(); o++) {
      int n = 0;
      double kl = 0;
      double top1 = 0;
      double pTop = 0;
      for (ContextResult r : results) {
        Agreement a = r.orders().get(o);
        if (a != null && a.seen() > 0) {
          n++;
          kl += a.kl();
          top1 += a.top1() ? 1 : 0;
          pTop += a.modelProbabilityOfTop();
        }
      }
      summaries.add(
          new Summary(
              NgramOrder.ALL.get(o).label(),
              n,
              n == 0 ? Double.NaN : kl / n,
              n == 0 ? Double.NaN : top1 / n,
              n == 0 ? Double.NaN : pTop / n));
    }
    return summaries;
  }
}
