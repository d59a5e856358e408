package org.stepindex.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Mixin: the {@code --index DIR} every query command takes. */
final class IndexOption {
  @Option(
      names = "--index",
      required = true,
      paramLabel = "DIR",
      description = "The index directory.")
  Path dir;
}
