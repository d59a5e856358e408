package org.stepindex.query.rows;

/** Where counts are taken: at steps ("at step S" = steps {@code [0, S)}) or over one step range. */
public sealed interface When {
  /**
   * At each of {@code steps}, one row per step.
   *
   * @param steps the steps, in the order rows are wanted
   */
  record Steps(long[] steps) implements When {
    public Steps {
      steps = steps.clone();
    }

    /** At one step. */
    public static Steps at(long step) {
      return new Steps(new long[] {step});
    }

    @Override
    public long[] steps() {
      return steps.clone();
    }
  }

  /**
   * Over the sequences of steps {@code [from, to)}, one row.
   *
   * @param from first step
   * @param to end step, exclusive
   */
  record Range(long from, long to) implements When {}
}
