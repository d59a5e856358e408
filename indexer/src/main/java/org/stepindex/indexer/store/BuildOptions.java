package org.stepindex.indexer.store;

import java.nio.file.Path;
import java.util.List;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.order.OrderSpec;

/**
 * What {@link IndexBuilder} builds.
 *
 * @param data the dataset (prefix, {@code .idx} path or directory; see {@code
 *     MegatronDataset.open})
 * @param tokenizer the Hugging Face {@code tokenizer.json}
 * @param indexDir the index directory; created if absent, extended if it holds a matching index
 * @param layout batch size and sequence length
 * @param views the views to build (names from {@code Views})
 * @param shardSchedule checkpoint schedule spec whose steps are the shard boundaries ({@code
 *     pythia}, {@code every:N}, or a list)
 * @param fromStep first step to index (inclusive)
 * @param toStep end step (exclusive); {@code -1} means the end of the data
 * @param threads shards built at once
 * @param intervention an intervention spec ({@code swap-pronouns@pct:7}, see {@code
 *     Interventions.parse}) to index what a model trained on the intervened data saw, or null to
 *     index the data as it is
 * @param order the training order to read the data in; null for the pre-shuffled dataset {@code
 *     data}
 * @param share this task's share of a cluster build ({@code --task I --tasks N}), or null to build
 *     every shard
 */
public record BuildOptions(
    Path data,
    Path tokenizer,
    Path indexDir,
    StepLayout layout,
    List<String> views,
    String shardSchedule,
    long fromStep,
    long toStep,
    int threads,
    String intervention,
    OrderSpec order,
    TaskShare share) {

  /** Options for indexing a pre-shuffled dataset, the whole build in this process. */
  public BuildOptions(
      Path data,
      Path tokenizer,
      Path indexDir,
      StepLayout layout,
      List<String> views,
      String shardSchedule,
      long fromStep,
      long toStep,
      int threads,
      String intervention) {
    this(
        data,
        tokenizer,
        indexDir,
        layout,
        views,
        shardSchedule,
        fromStep,
        toStep,
        threads,
        intervention,
        null,
        null);
  }

  /** Options for indexing the data as it is, without an intervention. */
  public BuildOptions(
      Path data,
      Path tokenizer,
      Path indexDir,
      StepLayout layout,
      List<String> views,
      String shardSchedule,
      long fromStep,
      long toStep,
      int threads) {
    this(data, tokenizer, indexDir, layout, views, shardSchedule, fromStep, toStep, threads, null);
  }

  public BuildOptions {
    views = List.copyOf(views);
    order = order == null ? OrderSpec.preShuffled(data) : order;
    if (threads < 1) {
      throw new StepIndexException("--threads must be at least 1, got " + threads);
    }
    if (fromStep < 0 || (toStep >= 0 && toStep <= fromStep)) {
      throw new StepIndexException(
          "--steps must be A:B with 0 <= A < B, got "
              + fromStep
              + ":"
              + (toStep < 0 ? "end" : toStep));
    }
    if (intervention != null && intervention.isBlank()) {
      throw new StepIndexException(
          "--intervention is empty; give a spec such as swap-pronouns@pct:7, or leave it out");
    }
  }
}
