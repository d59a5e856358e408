package org.stepindex.cli;

import org.stepindex.indexer.layout.StepLayout;
import picocli.CommandLine.Option;

/** Mixin: how training steps map to sequences. */
final class LayoutOptions {
  @Option(
      names = "--batch-size",
      defaultValue = "1024",
      paramLabel = "N",
      description = "Sequences per training step (default: ${DEFAULT-VALUE}, Pythia's).")
  int batchSize;

  @Option(
      names = "--seq-length",
      defaultValue = "2049",
      paramLabel = "N",
      description = "Tokens per sequence (default: ${DEFAULT-VALUE}, Pythia's 2048 + 1).")
  int seqLength;

  StepLayout layout() {
    return new StepLayout(batchSize, seqLength);
  }
}
