package org.stepindex.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.eval.model.GptNeoXConfig;
import org.stepindex.indexer.base.StepIndexException;

/** Resolution of a request: defaults, presets, and a one-line error for each mistake. */
class TrainPlanTest {
  @TempDir static Path dir;
  static SyntheticCorpus.Result corpus;

  @BeforeAll
  static void writeCorpus() {
    corpus = TestRuns.corpus(dir.resolve("corpus"));
  }

  @Test
  void defaultsArePythias() {
    TrainPlan plan =
        TrainPlan.resolve(
            TestRuns.with(
                TrainRequest.fresh(
                    corpus.dataPrefix(), corpus.tokenizer(), dir.resolve("out"), "pythia-70m"),
                b -> {
                  b.batchSize = 4;
                  b.endStep = 40L;
                  return b;
                }));
    TrainConfig c = plan.config();
    assertEquals(1e-3, c.learningRate());
    assertEquals(0.01, c.warmup());
    assertEquals(0.1, c.minLrRatio());
    assertEquals(0.01, c.weightDecay());
    assertEquals(1.0, c.gradClip());
    assertEquals(0.95, c.beta2());
    assertEquals(TestRuns.SEQ, c.seqLength(), "the data's sequence length");
    assertEquals(40, c.totalSteps());
    assertEquals("pythia", c.save());
    GptNeoXConfig m = plan.model();
    assertEquals(50304, m.vocabSize());
    assertEquals(6, m.numLayers());
    assertEquals(512, m.hiddenSize());
    assertEquals(8, m.numHeads());
    assertEquals(16, m.rotaryDims());
  }

  @Test
  void presetsCoverTheTokenizer() {
    assertEquals(50304, Presets.get("12b", 50277).config().vocabSize());
    assertEquals(50432, Presets.get("70m", 50400).config().vocabSize());
    assertEquals(1024, Presets.get("tiny", 1000).config().vocabSize());
    assertEquals(5120, Presets.get("12b", 50277).config().hiddenSize());
    assertEquals(8, Presets.get("1b", 50277).config().numHeads());
  }

  @Test
  void mistakesAreOneLineErrors() {
    mistake(b -> b.set(r -> r.preset = null), "--preset NAME or --model-config");
    mistake(b -> b.set(r -> r.preset = "huge"), "unknown preset 'huge'");
    mistake(b -> b.set(r -> r.modelConfig = dir.resolve("config.json")), "not both");
    mistake(b -> b.set(r -> r.endStep = null), "--steps A:B");
    mistake(b -> b.set(r -> r.startStep = 5L).set(r -> r.endStep = 5L), "trains nothing");
    mistake(b -> b.set(r -> r.microBatch = 5), "--micro-batch");
    mistake(b -> b.set(r -> r.learningRate = -1.0), "--lr");
    mistake(b -> b.set(r -> r.minLrRatio = 2.0), "--min-lr-ratio");
    mistake(b -> b.set(r -> r.gradClip = -1.0), "--grad-clip");
    mistake(b -> b.set(r -> r.save = "weekly"), "weekly");
    mistake(b -> b.set(r -> r.seqLength = 5000), "context");
    mistake(
        b -> b.set(r -> r.resume = dir.resolve("nowhere").toString()),
        "not a checkpoint directory");
    mistake(b -> b.set(r -> r.tokenizer = dir.resolve("missing.json")), "missing.json");
  }

  @Test
  void dataMistakesAreOneLineErrorsAtOpen() {
    TrainRequest tooLong = TestRuns.with(TestRuns.request(corpus, dir.resolve("long"), 41), b -> b);
    assertOneLine(
        assertThrows(StepIndexException.class, () -> TestRuns.open(tooLong, null)),
        "at most 40 steps");
    TrainRequest shortSequences =
        TestRuns.with(
            TestRuns.request(corpus, dir.resolve("short"), 2),
            b -> {
              b.seqLength = 40;
              return b;
            });
    assertOneLine(
        assertThrows(StepIndexException.class, () -> TestRuns.open(shortSequences, null)),
        "fewer than --seq-length 40");
  }

  /** A builder step for the table above. */
  private interface Change extends UnaryOperator<Edit> {}

  private static final class Edit {
    final TestRuns.Builder builder;

    Edit(TestRuns.Builder builder) {
      this.builder = builder;
    }

    Edit set(java.util.function.Consumer<TestRuns.Builder> change) {
      change.accept(builder);
      return this;
    }
  }

  private static void mistake(Change change, String words) {
    TrainRequest request =
        TestRuns.with(
            TestRuns.request(corpus, dir.resolve("m"), 10),
            b -> {
              change.apply(new Edit(b));
              return b;
            });
    assertOneLine(assertThrows(StepIndexException.class, () -> TrainPlan.resolve(request)), words);
  }

  private static void assertOneLine(StepIndexException e, String words) {
    assertTrue(
        e.getMessage().contains(words), () -> "'" + e.getMessage() + "' lacks '" + words + "'");
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }
}
