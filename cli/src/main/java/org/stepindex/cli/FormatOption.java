package org.stepindex.cli;

import picocli.CommandLine.Option;

/** Mixin: {@code --format table|json|csv}. */
final class FormatOption {
  /** Output formats. */
  enum Format {
    table,
    json,
    csv
  }

  @Option(
      names = "--format",
      defaultValue = "table",
      paramLabel = "FORMAT",
      description =
          "Output: table (aligned columns), json (one object per line), csv (header + rows). Default: ${DEFAULT-VALUE}.")
  Format format;
}
