package org.stepindex.bench.query;

import java.nio.file.Path;
import java.util.List;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Real text for the benchmarks, instead of the synthetic corpus: the text files under {@code
 * inputs}, encoded once with {@code tokenizer} into sequences of the bench's layout ({@link
 * org.stepindex.indexer.data.TextPacker}), or a dataset already tokenized with it (the real Pile's,
 * or one an earlier bench packed); a size indexes a prefix of its sequences, and the queries are
 * drawn from its own words ({@link TextSample}).
 *
 * @param inputs text files and directories; empty when {@code dataset} is given
 * @param tokenizer the {@code tokenizer.json} of the text or dataset
 * @param dataset a Megatron dataset (prefix, {@code .idx} or directory); null when {@code inputs}
 *     are given
 */
public record RealText(List<Path> inputs, Path tokenizer, Path dataset) {
  public RealText {
    inputs = List.copyOf(inputs);
    if (inputs.isEmpty() == (dataset == null)) {
      throw new StepIndexException(
          "the bench takes real text as --text FILES or as --data DATASET, not both");
    }
    if (tokenizer == null) {
      throw new StepIndexException(
          (dataset == null ? "--text" : "--data")
              + " needs --tokenizer FILE, the"
              + " tokenizer.json "
              + (dataset == null ? "to encode the text with" : "the data was made with"));
    }
  }

  /** Text files and directories, to be encoded. */
  public RealText(List<Path> inputs, Path tokenizer) {
    this(inputs, tokenizer, null);
  }
}
