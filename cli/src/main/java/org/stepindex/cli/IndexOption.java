package org.stepindex.cli;

import java.nio.file.Path;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.query.FrequencyIndex;
import picocli.CommandLine.Option;

/** Mixin: the {@code --index DIR} every query command takes. */
final class IndexOption {
  @Option(
      names = "--index",
      required = true,
      paramLabel = "DIR",
      description = "The index directory.")
  Path dir;

  /** Opens the index (inside {@code stepindex serve}, its open index: {@link ServedRuns#open}). */
  FrequencyIndex open() {
    return ServedRuns.open(dir);
  }

  /** The index's manifest, as {@link #open} finds it. */
  Manifest manifest() {
    return ServedRuns.manifest(dir);
  }
}
