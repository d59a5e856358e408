package org.stepindex.eval.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The one checkpoint-folder rule: every spelling that the eval runner, the trainer and the
 * correlation's model labels read before they shared it is still read the same.
 */
class CheckpointNamesTest {

  @Test
  void stepFromDirectoryName() {
    assertEquals(OptionalLong.of(13000), CheckpointNames.stepOf(Path.of("step13000")));
    assertEquals(
        OptionalLong.of(13000), CheckpointNames.stepOf(Path.of("models/pythia-1b/step13000/")));
    assertEquals(OptionalLong.of(0), CheckpointNames.stepOf(Path.of("/ckpt/step0")));
    assertEquals(
        OptionalLong.of(143000), CheckpointNames.stepOf(Path.of("pythia-1b-deduped-step143000")));
    assertEquals(OptionalLong.of(512), CheckpointNames.stepOf(Path.of("run_step512")));
  }

  @Test
  void noStep() {
    assertEquals(OptionalLong.empty(), CheckpointNames.stepOf(Path.of("main")));
    assertEquals(OptionalLong.empty(), CheckpointNames.stepOf(Path.of("step13000/final")));
    assertEquals(OptionalLong.empty(), CheckpointNames.stepOf(Path.of("step")));
    assertEquals(OptionalLong.empty(), CheckpointNames.stepOf(Path.of("step13000-old")));
    assertEquals(OptionalLong.empty(), CheckpointNames.stepOf(Path.of("laststep5")));
    assertEquals(OptionalLong.empty(), CheckpointNames.stepOf(Path.of("/")));
    assertEquals(
        OptionalLong.empty(),
        CheckpointNames.stepOf(Path.of("step1234567890123456789")),
        "19 digits");
  }

  /** The spellings the model labels read, which the steps are now read from too. */
  @Test
  void everyLabelSpellingHasItsStep() {
    assertEquals(OptionalLong.of(8), CheckpointNames.stepOf(Path.of("/m/tiny/global_step8")));
    assertEquals(OptionalLong.of(1000), CheckpointNames.stepOf(Path.of("revision-step1000")));
    assertEquals(OptionalLong.of(1000), CheckpointNames.stepOf(Path.of("pythia-70m@step1000")));
    assertEquals(OptionalLong.of(1000), CheckpointNames.stepOf(Path.of("pythia-70m-STEP1000")));
  }

  @Test
  void modelLabelsDropTheStep() {
    assertEquals("pythia-70m", CheckpointNames.modelLabel("/m/pythia-70m/step1000"));
    assertEquals("pythia-70m", CheckpointNames.modelLabel("/m/pythia-70m-step1000/"));
    assertEquals("pythia-70m", CheckpointNames.modelLabel("pythia-70m"));
    assertEquals("tiny", CheckpointNames.modelLabel("/m/tiny/global_step8"));
  }

  @Test
  void modelLabelsOfEverySpelling() {
    assertEquals("pythia-70m", CheckpointNames.modelLabel("/m/pythia-70m/revision-step1000"));
    assertEquals("pythia-70m", CheckpointNames.modelLabel("/m/pythia-70m/global_step5/step1000"));
    assertEquals("pythia-70m", CheckpointNames.modelLabel("C:\\m\\pythia-70m_step1000"));
    assertEquals("pythia-70m", CheckpointNames.modelLabel("m/pythia-70m@STEP1000"));
    assertEquals(
        "x-step1", CheckpointNames.modelLabel("x-step1-step2"), "only the last step is cut");
    assertEquals("step5", CheckpointNames.modelLabel("step5"), "a step alone and nothing above it");
    assertEquals("global", CheckpointNames.modelLabel("global_step5"));
    assertEquals(
        "-step5", CheckpointNames.modelLabel("-step5"), "nothing left: the folder as given");
    assertEquals("/", CheckpointNames.modelLabel("/"));
    assertEquals("laststep5", CheckpointNames.modelLabel("m/laststep5"));
  }

  @Test
  void theWrittenForm() {
    assertEquals("step13000", CheckpointNames.name(13000));
    assertEquals(Path.of("run", "step7"), CheckpointNames.dir(Path.of("run"), 7));
    assertEquals(OptionalLong.of(7), CheckpointNames.parse(CheckpointNames.dir(Path.of("run"), 7)));
    // What the trainer finds again among its folders is the written form only.
    assertEquals(OptionalLong.empty(), CheckpointNames.parse("pythia-step7"));
    assertEquals(OptionalLong.empty(), CheckpointNames.parse("Step7"));
    assertEquals(OptionalLong.empty(), CheckpointNames.parse(".step7.partial-123"));
    assertEquals(OptionalLong.empty(), CheckpointNames.parse(Path.of("/")));
  }
}
