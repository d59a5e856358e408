package org.stepindex.cli;

import java.util.stream.LongStream;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.rows.StepList;
import picocli.CommandLine.ITypeConverter;

/**
 * A {@code --steps} value, the one meaning every command gives the option: a set of training steps,
 * written as a list ({@code 0,100,1000}), a schedule ({@code pythia}, {@code every:N}) or a range
 * {@code A:B} (the steps A to B-1). A command that answers at each step ({@code count}, {@code
 * cooccur}, {@code timeline}, {@code correlate timeline}) takes any form, a range with both ends;
 * one that reads or trains on the steps' batches ({@code index}, {@code train}, {@code eval --task
 * memorization}) takes a range, where it allows an open end.
 *
 * <p>Options of this type are parsed by {@link Converter}, which keeps the text: a mistake is
 * reported when the command resolves the value, in the one line its form's parser writes (the
 * list's is the server's too).
 *
 * @param text the value as given
 */
record Steps(String text) {
  /** Reads any {@code --steps} value; never fails (see the class comment). */
  static final class Converter implements ITypeConverter<Steps> {
    @Override
    public Steps convert(String value) {
      return new Steps(value);
    }
  }

  /**
   * Whether the value is written as a range {@code A:B} (either end may be missing) rather than a
   * list or schedule.
   */
  boolean isRange() {
    return text.strip().matches("[0-9\\s]*:[0-9\\s]*");
  }

  /**
   * The range, for a command that works on the batches of a run of steps.
   *
   * @throws StepIndexException if the value is not {@code A:B}
   */
  StepRange range() {
    return StepRange.parse(text);
  }

  /**
   * The steps to answer at: a range's steps A to B-1 (both ends needed), or a list or schedule
   * resolved against the index (a schedule up to the end of what it covers; a list as given, so a
   * step outside it is reported).
   *
   * @throws StepIndexException if the value is malformed
   */
  long[] at(FrequencyIndex index) {
    if (isRange()) {
      StepRange range = range().requireBoth(text);
      if (range.to() <= range.from()) {
        throw new StepIndexException(
            "--steps " + text.strip() + " names no step (A:B is the steps A to B-1)");
      }
      return LongStream.range(range.from(), range.to()).toArray();
    }
    return StepList.resolve(text, index);
  }

  /** The steps to answer at, or the index's shard schedule when the option was not given. */
  static long[] at(Steps steps, FrequencyIndex index) {
    return steps != null
        ? steps.at(index)
        : StepList.resolve(index.manifest().shardSchedule(), index);
  }

  @Override
  public String toString() {
    return text;
  }
}
