package org.stepindex.indexer.store;

import java.nio.file.Path;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.layout.StepLayout;

/**
 * What {@link ViewAdder} adds.
 *
 * @param indexDir an existing index
 * @param view the view to add: {@code entities} or {@code bigrams}
 * @param entities the entity file (see {@code EntityDictionary}); required for {@code entities},
 *     else null
 * @param entityPairs the declared-pairs file, or null for none
 * @param data the dataset, or null for the one the manifest names; must be the data the index was
 *     built from
 * @param tokenizer the tokenizer, or null for the one the manifest names; must be the index's
 * @param layout batch size and sequence length, or null for the manifest's; must be the index's
 * @param threads shards built at once
 */
public record AddViewOptions(
    Path indexDir,
    String view,
    Path entities,
    Path entityPairs,
    Path data,
    Path tokenizer,
    StepLayout layout,
    int threads) {

  public AddViewOptions {
    if (threads < 1) {
      throw new StepIndexException("--threads must be at least 1, got " + threads);
    }
  }
}
