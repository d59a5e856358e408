package org.stepindex.cli;

import java.nio.file.Path;
import org.stepindex.indexer.order.OrderSpec;
import picocli.CommandLine.Option;

/**
 * Mixin: the training order the data is read in, for the commands that read data ({@code index},
 * {@code show}).
 */
final class OrderOptions {
  @Option(
      names = "--order",
      paramLabel = "KIND",
      description =
          "The training order: pre-shuffled (default: --data is read as it lies, Pythia's files), megatron"
              + " (GPT-NeoX's maps over the unshuffled --data: PolyPythias, any GPT-NeoX run) or olmo (OLMo's token"
              + " files and global indices).")
  String order;

  @Option(
      names = "--doc-idx",
      paramLabel = "FILE",
      description = "With --order megatron: the run's *_doc_idx.npy.")
  Path docIdx;

  @Option(
      names = "--sample-idx",
      paramLabel = "FILE",
      description = "With --order megatron: the run's *_sample_idx.npy.")
  Path sampleIdx;

  @Option(
      names = "--shuffle-idx",
      paramLabel = "FILE",
      description = "With --order megatron: the run's *_shuffle_idx.npy.")
  Path shuffleIdx;

  @Option(
      names = "--global-indices",
      paramLabel = "FILE",
      description = "With --order olmo: the run's global_indices.npy.")
  Path globalIndices;

  @Option(
      names = "--dtype",
      paramLabel = "TYPE",
      description =
          "With --order olmo: the token files' dtype where they have no .npy header (OLMo's memmap_dtype:"
              + " uint16, or uint32 for its 100k vocabulary).")
  String dtype;

  /** The order the options and {@code --data} describe. */
  OrderSpec spec(Path data) {
    return OrderSpec.of(
        order,
        data == null ? null : data.toString(),
        docIdx,
        sampleIdx,
        shuffleIdx,
        globalIndices,
        dtype);
  }
}
