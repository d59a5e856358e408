package org.stepindex.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Mixin: where the training data and tokenizer of an index are now, for the commands that read the
 * data behind their answers ({@code find}, {@code next}); by default, where the index's manifest
 * says they were.
 */
final class TrainingDataOptions {
  @Option(
      names = "--data",
      paramLabel = "PATH",
      description =
          "The index's training data, if it has moved since the"
              + " index was built (default: the path the index records). Other data is refused in one line.")
  Path data;

  @Option(
      names = "--tokenizer",
      paramLabel = "FILE",
      description =
          "The index's tokenizer.json, if it has moved"
              + " (default: the path the index records). Another tokenizer is refused.")
  Path tokenizer;
}
