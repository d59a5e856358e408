package org.stepindex.query.rows;

import java.util.Arrays;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.layout.CheckpointSchedule;
import org.stepindex.query.FrequencyIndex;

/** Resolves a {@code --steps} value (or the server's {@code steps} parameter) against an index. */
public final class StepList {
  private StepList() {}

  /**
   * A schedule ({@code pythia}, {@code every:N}) gives its steps up to the end of what the index
   * covers; an explicit list ({@code 0,100,1000}) is taken as given, so a step outside the index is
   * reported, not dropped.
   */
  public static long[] resolve(String spec, FrequencyIndex index) {
    if (spec.matches("[0-9][0-9,\\s]*")) {
      try {
        return Arrays.stream(spec.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .mapToLong(Long::parseLong)
            .toArray();
      } catch (NumberFormatException e) {
        throw new StepIndexException("--steps " + spec + " has a step that is not a number");
      }
    }
    return CheckpointSchedule.parse(spec).stepsUpTo(index.coveredEnd());
  }
}
