package org.stepindex.indexer.layout;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The training steps at which a suite saved checkpoints; they are the default shard boundaries of
 * an index, so that a count at any checkpoint is a sum of whole-shard statistics.
 *
 * <p>A schedule is written as one of:
 *
 * <ul>
 *   <li>{@code pythia}: 0, 1, 2, 4, …, 512 (powers of two), then every 1000 steps: 1000, 2000,
 *       3000, …. Up to step 143000 these are Pythia's 154 checkpoints; beyond it the schedule goes
 *       on every 1000 steps.
 *   <li>{@code every:N}: 0, N, 2N, … for a positive {@code N}.
 *   <li>a comma list such as {@code 0,100,1000}: exactly those steps, non-negative, in any order,
 *       duplicates ignored.
 * </ul>
 *
 * <p>Internally every form is a finite sorted prefix followed, optionally, by all multiples of a
 * period beyond it. Schedules are equal when their canonical {@link #spec()} is equal.
 */
public final class CheckpointSchedule {
  private static final String PYTHIA = "pythia";
  private static final String EVERY = "every:";
  private static final String FORMS =
      "use 'pythia', 'every:N' with a positive N, or a comma list of non-negative steps such as '0,100,1000'";

  /** Java arrays cannot hold more; a schedule this dense is a mistake in any case. */
  private static final long MAX_STEPS = Integer.MAX_VALUE - 16;

  private final String spec;
  private final long[] prefix;

  /**
   * Steps beyond the prefix are the multiples of this; 0 when the schedule ends with its prefix.
   */
  private final long period;

  private CheckpointSchedule(String spec, long[] prefix, long period) {
    this.spec = spec;
    this.prefix = prefix;
    this.period = period;
  }

  /**
   * Parses a schedule written in one of the forms in the class description; surrounding white space
   * is ignored.
   *
   * @param spec the schedule as the user wrote it
   * @return the schedule
   * @throws StepIndexException naming the spec and the accepted forms if it is none of them
   */
  public static CheckpointSchedule parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new StepIndexException("no checkpoint schedule given; " + FORMS);
    }
    String trimmed = spec.strip();
    if (trimmed.equals(PYTHIA)) {
      long[] powers =
          LongStream.concat(LongStream.of(0), LongStream.iterate(1, s -> s <= 512, s -> s * 2))
              .toArray();
      return new CheckpointSchedule(PYTHIA, powers, 1000);
    }
    if (trimmed.startsWith(EVERY)) {
      long n = parseStep(spec, trimmed.substring(EVERY.length()));
      if (n == 0) {
        throw invalid(spec, "the period must be positive");
      }
      return new CheckpointSchedule(EVERY + n, new long[] {0}, n);
    }
    long[] steps =
        Arrays.stream(trimmed.split(",", -1))
            .mapToLong(s -> parseStep(spec, s))
            .sorted()
            .distinct()
            .toArray();
    String canonical =
        Arrays.stream(steps).mapToObj(Long::toString).collect(Collectors.joining(","));
    return new CheckpointSchedule(canonical, steps, 0);
  }

  /**
   * The canonical form of this schedule: {@code pythia}, {@code every:N}, or the sorted,
   * deduplicated comma list. Parsing it gives an equal schedule.
   *
   * @return the canonical spec
   */
  public String spec() {
    return spec;
  }

  /**
   * The schedule's steps in {@code [0, lastStep]}, ascending.
   *
   * @param lastStep the last step of interest, {@code >= 0}
   * @return a new array of the steps; for {@code pythia} and {@code lastStep = 143000}, the 154
   *     Pythia checkpoints
   * @throws StepIndexException if {@code lastStep} is negative, or the schedule has too many steps
   *     up to it to list
   */
  public long[] stepsUpTo(long lastStep) {
    if (lastStep < 0) {
      throw new StepIndexException("last step " + lastStep + " is negative; steps count from 0");
    }
    int fromPrefix = 0;
    while (fromPrefix < prefix.length && prefix[fromPrefix] <= lastStep) {
      fromPrefix++;
    }
    long firstPeriodic = 0;
    long periodic = 0;
    if (period > 0) {
      firstPeriodic = (prefix[prefix.length - 1] / period + 1) * period;
      periodic = lastStep < firstPeriodic ? 0 : (lastStep - firstPeriodic) / period + 1;
    }
    if (periodic > MAX_STEPS - fromPrefix) { // written so that it cannot overflow
      throw new StepIndexException(
          "checkpoint schedule '"
              + spec
              + "' has more than "
              + MAX_STEPS
              + " steps up to step "
              + lastStep
              + ", too many to list; use a coarser schedule");
    }
    long[] steps = Arrays.copyOf(prefix, fromPrefix + (int) periodic);
    for (int i = 0; i < periodic; i++) {
      steps[fromPrefix + i] = firstPeriodic + i * period;
    }
    return steps;
  }

  /**
   * The shard boundaries of an index whose data ends at {@code lastStep}: {@link #stepsUpTo(long)}
   * plus {@code lastStep} itself when the schedule does not already contain it, so that the last
   * shard ends with the data.
   *
   * @param lastStep the step at which the data ends, {@code >= 0}
   * @return a new ascending array whose last element is {@code lastStep}
   * @throws StepIndexException as {@link #stepsUpTo(long)}
   */
  public long[] boundariesUpTo(long lastStep) {
    long[] steps = stepsUpTo(lastStep);
    if (steps.length > 0 && steps[steps.length - 1] == lastStep) {
      return steps;
    }
    long[] boundaries = Arrays.copyOf(steps, steps.length + 1);
    boundaries[steps.length] = lastStep;
    return boundaries;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CheckpointSchedule that && spec.equals(that.spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }

  @Override
  public String toString() {
    return spec;
  }

  private static long parseStep(String spec, String text) {
    String step = text.strip();
    // Only plain digits: Long.parseLong would also take a sign.
    if (step.isEmpty() || !step.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid(spec, "'" + step + "' is not a non-negative whole number");
    }
    try {
      return Long.parseLong(step);
    } catch (NumberFormatException e) {
      throw invalid(spec, "'" + step + "' is too large");
    }
  }

  private static StepIndexException invalid(String spec, String reason) {
    return new StepIndexException(
        "checkpoint schedule '" + spec + "' is not valid (" + reason + "); " + FORMS);
  }
}
