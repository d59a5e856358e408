package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The launcher's training runs: each must succeed, or the launcher records an empty cache and every
 * start of that family goes without one, silently (python/test_launcher.py checks the caches the
 * launcher makes from them).
 */
class AotTrainingCommandTest {
  @Test
  void everyFamilysRunsSucceedAndPrintNothing() {
    // tiered runs every family's commands on its tiny index.
    for (String family : new String[] {"version", "help", "tiered"}) {
      CliRun run = CliRun.of("aot-training", family).ok();
      assertEquals("", run.out(), family);
    }
    assertTrue(AotTrainingCommand.FAMILIES.contains("count"));
  }

  @Test
  void anUnknownFamilyIsOneLine() {
    String message = CliRun.of("aot-training", "counts").userError();
    assertEquals(
        "aot-training: FAMILY is one of [version, help, count, timeline, cooccur, stats, show,"
            + " batch, tiered], got counts",
        message);
  }
}
