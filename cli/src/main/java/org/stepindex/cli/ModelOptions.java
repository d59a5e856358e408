package org.stepindex.cli;

import java.nio.file.Path;
import org.stepindex.eval.model.ModelSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Mixin: how to open a model checkpoint for generation and scoring. */
final class ModelOptions {
  @Mixin DeviceOptions device;

  @Option(
      names = "--tokenizer",
      paramLabel = "FILE",
      description = "tokenizer.json (default: the checkpoint's own).")
  Path tokenizer;

  @Option(
      names = "--batch-size",
      defaultValue = "16",
      paramLabel = "N",
      description = "Prompts run together (default: ${DEFAULT-VALUE}).")
  int batchSize;

  ModelSession open(Path checkpoint) {
    return ModelSession.open(checkpoint, tokenizer, device.device(), device.dataType(), batchSize);
  }
}
