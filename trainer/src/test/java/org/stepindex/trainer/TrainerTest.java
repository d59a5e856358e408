package org.stepindex.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.eval.model.GptNeoX;
import org.stepindex.eval.model.Safetensors;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.intervention.Intervention;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.layout.StepReader;
import org.stepindex.indexer.order.PreShuffledOrder;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * Training runs of the tiny preset on a synthesized corpus, on the CPU with the real PyTorch
 * engine.
 */
class TrainerTest {
  @TempDir static Path dir;
  static SyntheticCorpus.Result corpus;

  @BeforeAll
  static void writeCorpus() {
    corpus = TestRuns.corpus(dir.resolve("corpus"));
  }

  @Test
  void lossDecreasesAndEveryStepIsLogged() throws IOException {
    Path out = dir.resolve("loss");
    List<StepMetrics> steps = new ArrayList<>();
    try (Trainer trainer = TestRuns.open(TestRuns.request(corpus, out, 30), null)) {
      trainer.run(steps::add);
    }
    assertEquals(30, steps.size());
    double first = (steps.get(0).loss() + steps.get(1).loss() + steps.get(2).loss()) / 3;
    double last = (steps.get(27).loss() + steps.get(28).loss() + steps.get(29).loss()) / 3;
    // ln(vocab) ≈ 6.9 at the start; the Zipfian filler is learned quickly.
    assertTrue(first > 6, "first losses " + first);
    assertTrue(last < first - 1.5, "loss went from " + first + " to " + last);
    assertEquals(0.0, steps.get(0).lr(), "warm-up starts at 0 as GPT-NeoX's");
    List<String> lines = Files.readAllLines(out.resolve(TrainLog.FILE));
    assertEquals(30, lines.size());
    JsonNode line = Json.mapper().readTree(lines.get(29));
    assertEquals(29, line.get("step").asLong());
    assertEquals(TestRuns.BATCH * (TestRuns.SEQ - 1), line.get("tokens").asLong());
    for (String field : List.of("loss", "lr", "grad_norm", "tokens_per_s", "seconds")) {
      assertTrue(line.get(field).isNumber(), field);
    }
    for (long s : new long[] {0, 6, 12, 18, 24, 30}) {
      assertTrue(
          Files.isRegularFile(out.resolve("step" + s).resolve("model.safetensors")), "step" + s);
    }
  }

  /**
   * Every step closes what it made: the arrays held by the model's manager (and its children) do
   * not grow.
   */
  @Test
  void stepsDoNotLeakArrays() {
    try (Trainer trainer =
        TestRuns.open(
            TestRuns.with(
                TestRuns.request(corpus, dir.resolve("leak"), 6),
                b -> {
                  b.microBatch = 2;
                  return b;
                }),
            null)) {
      NDManager root;
      try (NDManager child = trainer.model().newManager()) {
        root = child.getParentManager();
      }
      trainer.trainStep();
      trainer.trainStep();
      int after2 = root.getManagedArrays().size();
      trainer.trainStep();
      trainer.trainStep();
      trainer.trainStep();
      assertEquals(after2, root.getManagedArrays().size());
    }
  }

  /** A→C equals A→B then resume B→C: the same bytes of weights and AdamW moments. */
  @Test
  void resumeIsBitExact() throws IOException {
    Path whole = dir.resolve("whole");
    Path split = dir.resolve("split");
    TestRuns.train(TestRuns.request(corpus, whole, 12), null);
    // The first half knows the run's horizon, as a killed run of --steps 0:12 would.
    TestRuns.train(
        TestRuns.with(
            TestRuns.request(corpus, split, 6),
            b -> {
              b.totalSteps = 12L;
              return b;
            }),
        null);
    TrainRequest resume =
        TestRuns.with(
            TestRuns.request(corpus, split, 12),
            b -> {
              b.resume = "auto";
              b.endStep = null;
              return b;
            });
    TrainPlan plan = TrainPlan.resolve(resume);
    assertEquals(6, plan.startStep());
    assertEquals(12, plan.config().endStep());
    try (Trainer trainer = Trainer.open(plan, Device.cpu(), null)) {
      trainer.run(m -> {});
    }
    for (String file : List.of("model.safetensors", Checkpoints.OPTIMIZER_FILE)) {
      assertEquals(
          -1,
          Files.mismatch(
              whole.resolve("step12").resolve(file), split.resolve("step12").resolve(file)),
          file
              + " differs between the whole and the resumed run (bit-exact on purpose: both runs do the same "
              + "float32 arithmetic on the same kernels in one process, with one fixed intra-op thread count)");
    }
    TrainerState a = TrainerState.read(whole.resolve("step12"));
    TrainerState b = TrainerState.read(split.resolve("step12"));
    assertArrayEquals(a.losses(), b.losses());
    assertEquals(12, a.optimizerUpdates());
    assertEquals(a.optimizerUpdates(), b.optimizerUpdates());
    assertEquals(12, Files.readAllLines(split.resolve(TrainLog.FILE)).size());
  }

  /**
   * Two runs compute the same gradient bits at a batch whose embedding gradient holds 32,768 values
   * (16 × 32 tokens × 64), where libtorch's backward of indexing (index_put_ with accumulate)
   * switches to atomic float adds from several threads, in an order that differs from run to run;
   * the model's embedding backward adds in token order. Before the model used it, the embedding's
   * gradients differed between these two runs (and any two demo runs ended apart).
   */
  @Test
  void gradientsAreBitExactAtABatchLargeEnoughForParallelAdds() {
    Map<String, float[]> first = firstStepGradients("wide-1", 16, 16);
    Map<String, float[]> second = firstStepGradients("wide-2", 16, 16);
    assertEquals(first.keySet(), second.keySet());
    first.forEach(
        (name, g) ->
            assertArrayEquals(
                g,
                second.get(name),
                0f,
                name
                    + ": exact on purpose, the same "
                    + "arithmetic on the same data in one process, and no atomic adds"));
  }

  /**
   * A garbage collection between the forward and the backward pass changes no gradient bit.
   * Constants that DJL makes from Java numbers live in Java buffers that it closes at once, while
   * autograd keeps them for the backward; the model multiplies by constants torch allocates ({@link
   * GptNeoX#times}). Before, the collection freed the attention scale's and GELU's constants here
   * and the backward read the garbage written over them.
   */
  @Test
  void aCollectionBeforeTheBackwardChangesNoGradient() throws InterruptedException {
    try (Trainer trainer = TestRuns.open(TestRuns.request(corpus, dir.resolve("gc"), 2), null);
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray ids =
          manager.create(new long[] {0, 5, 17, 40, 3, 9, 200, 31, 7, 8, 2, 11}, new Shape(2, 6));
      NDArray mask = manager.ones(new Shape(2, 6), DataType.INT64);
      Map<String, float[]> quiet = gradients(trainer.model(), ids, mask, false);
      Map<String, float[]> collected = gradients(trainer.model(), ids, mask, true);
      quiet.forEach(
          (name, g) ->
              assertArrayEquals(
                  g,
                  collected.get(name),
                  0f,
                  name
                      + ": exact on purpose, the same "
                      + "arithmetic in one process; only a collection and fresh buffers came between forward and backward"));
    }
  }

  /**
   * One forward and backward of the model from zero gradients; {@code collect}: with a collection
   * in between.
   */
  private static Map<String, float[]> gradients(
      GptNeoX model, NDArray ids, NDArray mask, boolean collect) throws InterruptedException {
    model.parameters().values().forEach(p -> p.getGradient().subi(p.getGradient()));
    try (ai.djl.training.GradientCollector collector =
            ai.djl.engine.Engine.getInstance().newGradientCollector();
        NDManager scratch = model.newManager()) {
      NDArray loss = model.forward(ids, mask, null).logSoftmax(-1).sum().neg();
      if (collect) {
        for (int round = 0; round < 3; round++) {
          System.gc();
          Thread.sleep(50); // the cleaner thread frees the unreachable buffers
          List<java.nio.ByteBuffer> garbage = new ArrayList<>();
          for (int i = 0; i < 20_000; i++) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(4 + i % 13);
            while (b.hasRemaining()) {
              b.put((byte) 0x7f);
            }
            garbage.add(b);
          }
          garbage.clear();
        }
      }
      collector.backward(loss);
    }
    Map<String, float[]> gradients = new LinkedHashMap<>();
    model.parameters().forEach((name, p) -> gradients.put(name, p.getGradient().toFloatArray()));
    return gradients;
  }

  /**
   * Each checkpoint records the process's fixed intra-op thread count; a resume from a checkpoint
   * trained with another count (MKL's sums depend on it) still trains, and says in one line that it
   * is not bit for bit.
   */
  @Test
  void resumeWithAnotherThreadCountSaysItIsNotBitExact() {
    Path out = dir.resolve("threads");
    TestRuns.train(TestRuns.request(corpus, out, 2), null);
    int threads = JniUtils.getNumThreads();
    TrainerState recorded = TrainerState.read(out.resolve("step2"));
    assertEquals(
        threads, recorded.intraOpThreads(), "the count libtorch runs with, fixed for the process");
    assertTrue(threads >= 1);
    TrainRequest resume =
        TestRuns.with(
            TestRuns.request(corpus, out, 3),
            b -> {
              b.resume = out.resolve("step2").toString();
              return b;
            });
    try (Trainer same = Trainer.open(TrainPlan.resolve(resume), Device.cpu(), null)) {
      assertEquals(
          Optional.empty(), same.resumeNote(), "the same count: an exact resume, nothing to say");
    }
    int other = threads + 3;
    new TrainerState(
            recorded.step(),
            recorded.optimizerUpdates(),
            recorded.config(),
            recorded.dataFingerprint(),
            recorded.intervention(),
            recorded.interventionDescription(),
            recorded.firstLossStep(),
            recorded.losses(),
            other)
        .write(out.resolve("step2"));
    try (Trainer elsewhere = Trainer.open(TrainPlan.resolve(resume), Device.cpu(), null)) {
      String note = elsewhere.resumeNote().orElseThrow();
      assertTrue(
          note.contains("trained with " + other + " intra-op threads and this run uses " + threads),
          note);
      assertTrue(
          note.contains("not bit for bit")
              && note.contains("-Dai.djl.pytorch.num_threads=" + other),
          note);
      elsewhere.run(m -> {});
    }
    assertEquals(
        threads,
        TrainerState.read(out.resolve("step3")).intraOpThreads(),
        "the new checkpoint: this run's");
  }

  @Test
  void checkpointReloadsInEvalWithIdenticalLogits() {
    Path out = dir.resolve("reload");
    try (Trainer trainer = TestRuns.open(TestRuns.request(corpus, out, 3), null)) {
      trainer.run(m -> {});
      Path checkpoint = out.resolve("step3");
      assertTrue(Files.isRegularFile(checkpoint.resolve(Checkpoints.TOKENIZER_FILE)));
      try (GptNeoX loaded = GptNeoX.load(checkpoint, Device.cpu(), DataType.FLOAT32);
          NDManager manager = NDManager.newBaseManager(Device.cpu())) {
        NDArray ids = manager.create(new long[] {0, 5, 17, 40, 3, 9, 200, 31}, new Shape(2, 4));
        NDArray mask = manager.ones(new Shape(2, 4), DataType.INT64);
        float[] trained = trainer.model().forward(ids, mask, null).toFloatArray();
        float[] reloaded = loaded.forward(ids, mask, null).toFloatArray();
        assertArrayEquals(
            trained,
            reloaded,
            0f,
            "exact on purpose: the same weights through the same forward " + "in one process");
      }
    }
  }

  /**
   * Micro-batches accumulate the full batch's gradient: the property itself, compared before any
   * optimizer step. Four sequences as one batch, as four micro-batches of one, and as 3 + 1 (an
   * uneven split).
   *
   * <p>Why compare gradients and not weights after AdamW: Adam's first updates move each weight by
   * about ±lr·sign(gradient), so a gradient component near zero whose float32 sum differs in its
   * last bits between CPU kernels flips its update, and weights after a step measure the kernel
   * rather than the accumulation.
   */
  @Test
  void microBatchesAccumulateTheFullBatchGradient() {
    Map<String, float[]> full = firstStepGradients("grad-full", TestRuns.BATCH);
    for (int micro : new int[] {1, 3}) {
      Map<String, float[]> parts = firstStepGradients("grad-micro" + micro, micro);
      assertEquals(full.keySet(), parts.keySet());
      full.forEach(
          (name, expected) -> {
            float[] actual = parts.get(name);
            double scale = 0;
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
              scale = Math.max(scale, Math.abs(expected[i]));
              worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
            }
            assertTrue(scale > 0, name + " has a zero gradient: nothing is compared");
            // The two sides sum the same 128 per-token terms in a different order (per micro-batch,
            // then across
            // them): float32 rounding of such sums is a few ulps of the largest term (measured: at
            // most 5e-7 of it).
            // 1e-4 of the tensor's largest component leaves a wide margin for any CPU kernel, while
            // a missing or
            // mis-scaled micro-batch (an error of 25% or more of the gradient) fails.
            assertTrue(
                worst <= 1e-4 * scale,
                name
                    + " with micro-batch "
                    + micro
                    + ": max |full − accumulated| = "
                    + worst
                    + " against a largest component of "
                    + scale
                    + " (tolerance 1e-4 of it: float32 sums)");
          });
    }
  }

  /** The gradients of step 0 of a fresh run (before clipping and the optimizer), by parameter. */
  private Map<String, float[]> firstStepGradients(String name, int microBatch) {
    return firstStepGradients(name, TestRuns.BATCH, microBatch);
  }

  private Map<String, float[]> firstStepGradients(String name, int batch, int microBatch) {
    TrainRequest request =
        TestRuns.with(
            TestRuns.request(corpus, dir.resolve(name), 2),
            b -> {
              b.batchSize = batch;
              b.microBatch = microBatch;
              b.save = "1000";
              return b;
            });
    Map<String, float[]> gradients = new LinkedHashMap<>();
    try (Trainer trainer = TestRuns.open(request, null)) {
      trainer.backward();
      trainer
          .model()
          .parameters()
          .forEach((n, p) -> gradients.put(n, p.getGradient().toFloatArray()));
    }
    return gradients;
  }

  /**
   * Training with micro-batches follows the full-batch run: the losses of twelve steps stay close.
   * They are not equal: the gradients differ in their last bits (above), and AdamW turns such
   * differences in near-zero components into updates of opposite sign, which the following steps
   * carry on.
   */
  @Test
  void trainingWithMicroBatchesFollowsTheFullBatchLoss() {
    double[] full = losses("loss-full", TestRuns.BATCH);
    double[] micro = losses("loss-micro", 1);
    assertTrue(
        full[0] - full[full.length - 1] > 0.5, "the run learns, so the comparison means something");
    for (int s = 0; s < full.length; s++) {
      // Step 0 sees the same weights: only float32 summation order differs (measured: 4e-7). Later
      // steps also
      // carry the sign flips of a few near-zero gradient components (measured: at most 1e-6 over 12
      // steps);
      // 1e-3 leaves room for any CPU kernel and is far below what a wrong accumulation costs (a run
      // that kept
      // only the first micro-batch's gradient was off by 0.06 at step 2).
      double tolerance = s == 0 ? 1e-5 : 1e-3;
      assertEquals(
          full[s],
          micro[s],
          tolerance,
          "loss at step "
              + s
              + " (tolerance "
              + tolerance
              + (s == 0
                  ? ": same weights, float32 sums)"
                  : ": sign flips of near-zero gradients carried on)"));
    }
  }

  private double[] losses(String name, int microBatch) {
    TrainRequest request =
        TestRuns.with(
            TestRuns.request(corpus, dir.resolve(name), 12),
            b -> {
              b.microBatch = microBatch;
              b.save = "1000";
              return b;
            });
    List<StepMetrics> steps = new ArrayList<>();
    try (Trainer trainer = TestRuns.open(request, null)) {
      trainer.run(steps::add);
    }
    return steps.stream().mapToDouble(StepMetrics::loss).toArray();
  }

  @Test
  void interventionChangesOnlyStepsFromItsStart() throws IOException {
    Path plain = dir.resolve("plain");
    Path changed = dir.resolve("intervened");
    TestRuns.train(TestRuns.request(corpus, plain, 8), null);
    int he;
    int she;
    try (HfTokenizer tokenizer = HfTokenizer.load(corpus.tokenizer())) {
      he = tokenizer.encode(" he")[0];
      she = tokenizer.encode(" she")[0];
    }
    RecordingSwap swap = new RecordingSwap(6, he, she);
    TestRuns.train(TestRuns.request(corpus, changed, 8), swap);
    assertTrue(swap.changedSequences > 0, "the swap never applied; pick ids the corpus holds");
    assertTrue(
        swap.steps.stream().allMatch(s -> s >= 6), "applied before its start: " + swap.steps);
    assertEquals(List.of(6L, 7L), swap.steps.stream().distinct().toList());
    // Step 6's checkpoint has seen only unchanged data: identical; the end differs.
    assertEquals(
        -1,
        Files.mismatch(
            plain.resolve("step6/model.safetensors"), changed.resolve("step6/model.safetensors")),
        "exact on purpose: up to step 6 both runs do the same arithmetic on the same data in one process, with one "
            + "fixed intra-op thread count (IntraOpThreads)");
    assertNotEquals(
        -1,
        Files.mismatch(
            plain.resolve("step8/model.safetensors"), changed.resolve("step8/model.safetensors")));
    TrainerState state = TrainerState.read(changed.resolve("step8"));
    assertEquals("swap-test@6", state.intervention());
    assertEquals("swaps ids " + he + " and " + she, state.interventionDescription());
    assertEquals(null, TrainerState.read(plain.resolve("step8")).intervention());
  }

  @Test
  void stepDataReadsTheStepsSequencesInOrder() {
    try (MegatronDataset dataset = MegatronDataset.open(corpus.dataPrefix())) {
      StepReader data =
          new StepReader(PreShuffledOrder.of(dataset), new StepLayout(TestRuns.BATCH, 10), null);
      int[] step3 = data.readStep(3);
      int[] whole = new int[TestRuns.SEQ];
      for (int row = 0; row < TestRuns.BATCH; row++) {
        dataset.read(3L * TestRuns.BATCH + row, whole);
        for (int t = 0; t < 10; t++) {
          assertEquals(whole[t], step3[row * 10 + t]);
        }
      }
    }
  }

  @Test
  void resumeAutoPicksTheLatestCompleteCheckpoint() throws IOException {
    Path out = dir.resolve("auto");
    TestRuns.train(TestRuns.request(corpus, out, 7), null);
    // A killed checkpoint write, and a directory that is not a training checkpoint, are both passed
    // over.
    Files.createDirectories(out.resolve(".step12.partial-1"));
    Files.createDirectories(out.resolve("step99"));
    assertEquals(out.resolve("step7"), Checkpoints.latest(out).orElseThrow());
    TrainPlan plan =
        TrainPlan.resolve(
            TestRuns.with(
                TestRuns.request(corpus, out, 9),
                b -> {
                  b.resume = "auto";
                  return b;
                }));
    assertEquals(7, plan.startStep());
    try (Trainer trainer = Trainer.open(plan, Device.cpu(), null)) {
      assertFalse(Files.exists(out.resolve(".step12.partial-1")), "leftovers are removed");
      trainer.run(m -> {});
    }
    assertTrue(Files.isDirectory(out.resolve("step9")));
    try (Safetensors moments =
        Safetensors.open(out.resolve("step9").resolve(Checkpoints.OPTIMIZER_FILE))) {
      assertTrue(moments.names().contains("embed_out.weight.exp_avg_sq"));
    }
  }

  /**
   * A bit flipped inside the AdamW moments of a checkpoint stops the resume with one line, before
   * any step.
   */
  @Test
  void resumeFromDamagedMomentsStopsWithOneLine() throws IOException {
    Path out = dir.resolve("flipped");
    TestRuns.train(TestRuns.request(corpus, out, 2), null);
    Path moments = out.resolve("step2").resolve(Checkpoints.OPTIMIZER_FILE);
    byte[] bytes = Files.readAllBytes(moments);
    bytes[bytes.length - 5] ^= 0x40; // inside the last tensor's data
    Files.write(moments, bytes);
    TrainPlan plan =
        TrainPlan.resolve(
            TestRuns.with(
                TestRuns.request(corpus, out, 3),
                b -> {
                  b.resume = "auto";
                  return b;
                }));
    StepIndexException e =
        assertThrows(StepIndexException.class, () -> Trainer.open(plan, Device.cpu(), null));
    assertTrue(
        e.getMessage().startsWith("the safetensors file " + moments + " is damaged: tensor '"),
        e.getMessage());
    assertFalse(Files.exists(out.resolve("step3")), "no step was trained from damaged moments");
  }

  /** Swaps two ids from a start step on and records the steps it was called for. */
  private static final class RecordingSwap implements Intervention {
    final long start;
    final int a;
    final int b;
    final List<Long> steps = new ArrayList<>();
    int changedSequences;

    RecordingSwap(long start, int a, int b) {
      this.start = start;
      this.a = a;
      this.b = b;
    }

    @Override
    public long startStep() {
      return start;
    }

    @Override
    public boolean apply(long step, int[] tokens, int length) {
      steps.add(step);
      if (step < start) {
        return false;
      }
      boolean changed = false;
      for (int i = 0; i < length; i++) {
        if (tokens[i] == a || tokens[i] == b) {
          tokens[i] = tokens[i] == a ? b : a;
          changed = true;
        }
      }
      changedSequences += changed ? 1 : 0;
      return changed;
    }

    @Override
    public String spec() {
      return "swap-test@" + start;
    }

    @Override
    public String describe() {
      return "swaps ids " + a + " and " + b;
    }
  }
}
