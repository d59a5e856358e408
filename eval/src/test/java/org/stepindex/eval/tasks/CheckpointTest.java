package org.stepindex.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Steps from checkpoint directory names, and the output file names they give. */
class CheckpointTest {

  @Test
  void stepFromDirectoryName() {
    assertEquals(13000L, Checkpoint.stepOf(Path.of("step13000")));
    assertEquals(13000L, Checkpoint.stepOf(Path.of("models/pythia-1b/step13000/")));
    assertEquals(0L, Checkpoint.stepOf(Path.of("/ckpt/step0")));
    assertEquals(143000L, Checkpoint.stepOf(Path.of("pythia-1b-deduped-step143000")));
    assertEquals(512L, Checkpoint.stepOf(Path.of("run_step512")));
  }

  @Test
  void noStep() {
    assertNull(Checkpoint.stepOf(Path.of("main")));
    assertNull(Checkpoint.stepOf(Path.of("step13000/final")));
    assertNull(Checkpoint.stepOf(Path.of("step")));
    assertNull(Checkpoint.stepOf(Path.of("step13000-old")));
    assertNull(Checkpoint.stepOf(Path.of("laststep5")));
    assertNull(Checkpoint.stepOf(Path.of("/")));
  }

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
    assertEquals(out.resolve("arithmetic-step13000.jsonl"), EvalFiles.instances(out, "arithmetic", 13000L));
    assertEquals(out.resolve("arithmetic-step13000.summary.json"), EvalFiles.summary(out, "arithmetic", 13000L));
    assertEquals(out.resolve("triviaqa-step-unknown.jsonl"), EvalFiles.instances(out, "triviaqa", null));
    assertEquals(out.resolve("triviaqa-step-unknown.summary.json"), EvalFiles.summary(out, "triviaqa", null));
  }
}
