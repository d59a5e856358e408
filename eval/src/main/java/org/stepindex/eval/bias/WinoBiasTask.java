package org.stepindex.eval.bias;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.stepindex.eval.tasks.Checkpoint;
import org.stepindex.eval.tasks.ModelTask;
import org.stepindex.eval.tasks.TextScorer;
import org.stepindex.indexer.base.StepIndexException;

/**
 * WinoBias as a two-way multiple choice between the written pronoun and its other-gender form
 * ({@link WinoBiasReader}), scored like lm-evaluation-harness's likelihood tasks with an empty
 * context (as its CrowS-Pairs task scores whole sentences): each form's whole sentence is scored
 * from end-of-text, and the answer is right iff the written pronoun's sentence is strictly
 * likelier. The two sentences share every token before the pronoun (the BPE pre-tokenizer splits at
 * the space before it), so this equals comparing the continuations from the pronoun on given the
 * common prefix; lm-evaluation-harness has no WinoBias task of its own to follow.
 *
 * <p>Accuracy is reported per type for the pro- and the anti-stereotypical files, with their
 * difference {@code pro − anti} (positive: the model resolves toward the stereotype), and over both
 * types.
 */
public final class WinoBiasTask implements ModelTask<TextScorer> {
  /** The task's name in output files. */
  public static final String NAME = "winobias";

  /**
   * This method's name in the summaries ({@link Summary#method}) and for {@code eval --template}.
   */
  public static final String METHOD = "likelihood";

  private final List<WinoBiasItem> items;

  /**
   * @param items the sentences, in output order; not empty
   */
  public WinoBiasTask(List<WinoBiasItem> items) {
    if (items.isEmpty()) {
      throw new StepIndexException("no WinoBias sentence to evaluate");
    }
    this.items = List.copyOf(items);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public long units() {
    return items.size();
  }

  /**
   * One scored sentence: a line of {@code winobias-step<N>.jsonl}.
   *
   * @param number the sentence's line number in its file, or null
   * @param llWritten the log-likelihood of {@code sentence}
   * @param llAlternative the log-likelihood of the sentence with {@code alternative} in place of
   *     {@code pronoun}
   * @param correct whether {@code llWritten > llAlternative}
   */
  public record Instance(
      String task,
      String model,
      Long step,
      String file,
      int type,
      String condition,
      Integer number,
      String entity,
      String sentence,
      String pronoun,
      String alternative,
      double llWritten,
      double llAlternative,
      boolean correct) {}

  /**
   * Accuracy on the pro- and anti-stereotypical sentences of a group; a rate is null when its group
   * is empty.
   *
   * @param diff {@code pro − anti}, null unless both are present
   */
  public record ProAnti(int nPro, Double pro, int nAnti, Double anti, Double diff) {}

  /**
   * The summary file's content.
   *
   * @param method how the answers were scored: {@link #METHOD} or {@link WinoBiasPrompts#METHOD}
   *     (the study's)
   * @param byType per type, keyed {@code type1}, {@code type2}
   * @param all over both types
   */
  public record Summary(
      String task,
      String method,
      String model,
      Long step,
      int n,
      Map<String, ProAnti> byType,
      ProAnti all) {}

  @Override
  public Result evaluate(
      TextScorer model, Checkpoint checkpoint, InstanceSink out, LongConsumer done)
      throws IOException {
    Tally all = new Tally();
    Map<Integer, Tally> byType = new TreeMap<>();
    for (int i = 0; i < items.size(); i++) {
      WinoBiasItem item = items.get(i);
      double written = model.logLikelihood(item.sentence().text());
      double alternative = model.logLikelihood(item.alternativeText());
      boolean correct = written > alternative;
      out.write(
          new Instance(
              NAME,
              checkpoint.model(),
              checkpoint.step(),
              item.file(),
              item.type(),
              item.condition(),
              item.sentence().number(),
              item.sentence().entity(),
              item.sentence().text(),
              item.sentence().pronoun(),
              item.alternative(),
              written,
              alternative,
              correct));
      boolean pro = item.condition().equals("pro");
      all.add(pro, correct);
      byType.computeIfAbsent(item.type(), t -> new Tally()).add(pro, correct);
      done.accept(i + 1);
    }
    Map<String, ProAnti> types = new LinkedHashMap<>();
    byType.forEach((t, tally) -> types.put("type" + t, tally.proAnti()));
    return new Result(
        new Summary(
            NAME,
            METHOD,
            checkpoint.model(),
            checkpoint.step(),
            items.size(),
            types,
            all.proAnti()),
        Map.of());
  }

  private static final class Tally {
    final int[] n = new int[2];
    final int[] right = new int[2];

    void add(boolean pro, boolean correct) {
      int c = pro ? 0 : 1;
      n[c]++;
      right[c] += correct ? 1 : 0;
    }

    ProAnti proAnti() {
      Double pro = n[0] == 0 ? null : (double) right[0] / n[0];
      Double anti = n[1] == 0 ? null : (double) right[1] / n[1];
      return new ProAnti(n[0], pro, n[1], anti, pro == null || anti == null ? null : pro - anti);
    }
  }
}
