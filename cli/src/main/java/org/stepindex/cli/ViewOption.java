package org.stepindex.cli;

import picocli.CommandLine.Option;

/** Mixin: {@code --view V}, the view a query is asked in (default {@code text}). */
final class ViewOption {
  @Option(
      names = "--view",
      defaultValue = "text",
      paramLabel = "VIEW",
      description =
          "text (default), tokens," + " entities or pythia-numbers; query syntax as for 'count'.")
  String view;
}
