package org.stepindex.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Argument group: the sequences a command looks at, {@code --step S} (steps {@code [0, S)}, what
 * checkpoint {@code stepS} has seen) or {@code --from A --to B} (steps {@code [A, B)}).
 */
final class StepSpan {
  @Option(
      names = "--step",
      paramLabel = "S",
      description = "The sequences of steps [0, S): what checkpoint stepS has" + " seen.")
  Long step;

  @ArgGroup(exclusive = false)
  CountCommand.Range range;

  /** The first step. */
  long from() {
    return range != null ? range.from : 0;
  }

  /** The end step, exclusive. */
  long to() {
    return range != null ? range.to : step;
  }
}
