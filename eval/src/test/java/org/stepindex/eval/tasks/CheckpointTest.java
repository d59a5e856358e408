package org.stepindex.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints with their steps (from the directory names, {@code CheckpointNamesTest}), and the
 * output file names they give.
 */
class CheckpointTest {

  @Test
  void explicitStepOverridesTheName() {
    Checkpoint c = new Checkpoint(Path.of("ckpt/step13000"), 99L);
    assertEquals(99L, c.step());
    assertEquals(Path.of("ckpt/step13000").toString(), c.model());
    assertEquals(new Checkpoint(Path.of("x/step5"), 5L), Checkpoint.of(Path.of("x/step5")));
  }

  @Test
  void fileNames() {
    Path out = Path.of("out");
    assertEquals(
        out.resolve("arithmetic-step13000.jsonl"), EvalFiles.instances(out, "arithmetic", 13000L));
    assertEquals(
        out.resolve("arithmetic-step13000.summary.json"),
        EvalFiles.summary(out, "arithmetic", 13000L));
    assertEquals(
        out.resolve("triviaqa-step-unknown.jsonl"), EvalFiles.instances(out, "triviaqa", null));
    assertEquals(
        out.resolve("triviaqa-step-unknown.summary.json"),
        EvalFiles.summary(out, "triviaqa", null));
  }
}
