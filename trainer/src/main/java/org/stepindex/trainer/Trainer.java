package org.stepindex.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.stepindex.eval.model.GptNeoX;
import org.stepindex.eval.model.IntraOpThreads;
import org.stepindex.eval.model.RandomCheckpoint;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.base.WriterLock;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.intervention.Intervention;
import org.stepindex.indexer.layout.CheckpointSchedule;
import org.stepindex.indexer.layout.StepReader;
import org.stepindex.indexer.order.PreShuffledOrder;

/**
 * Trains the eval module's {@link GptNeoX} (the one model definition) in the exact data order, with
 * DJL's autograd.
 *
 * <p>Step {@code s} reads sequences {@code [s·B, (s+1)·B)} ({@link StepReader}), trains on inputs
 * {@code seq[:L−1]} and labels {@code seq[1:L]}, and minimizes the mean cross-entropy over all
 * {@code B·(L−1)} label tokens. The batch is run in micro-batches of {@code M} sequences whose
 * losses are each divided by {@code B·(L−1)}, so the gradients the engine accumulates add up to the
 * full batch's. Then: global-norm clipping as {@code torch.nn.utils.clip_grad_norm_}, {@link AdamW}
 * with the learning rate {@link LrSchedule#at}{@code (s)}, and a checkpoint when the schedule says
 * so.
 *
 * <p>Determinism: training draws no random numbers, the data order is fixed, and all arithmetic is
 * float32 on the same kernels with one fixed intra-op thread count ({@link IntraOpThreads}), so on
 * one machine a run resumed from a checkpoint continues bit for bit as the uninterrupted run would
 * have. Gradients are created once, as zeros, before the first step ({@link #primeGradients}), so
 * that every step, the first after a resume included, accumulates into existing zero gradients in
 * the same way.
 *
 * <p>Not thread-safe: gradient recording in PyTorch is per thread, so one thread opens, trains and
 * closes a trainer.
 */
public final class Trainer implements AutoCloseable {

  private final TrainPlan plan;

  /** This run's hold on its output directory, released by {@link #close}. */
  private final WriterLock lock;

  private final TrainConfig config;
  private final MegatronDataset dataset;

  /** The one reader of what a step trains on, the intervention applied: the index builder's too. */
  private final StepReader data;

  private final GptNeoX model;
  private final AdamW optimizer;
  private final TrainLog log;
  private final LrSchedule schedule;
  private final long[] saveSteps;
  private final String fingerprint;
  private final Intervention intervention;
  private final long firstLossStep;

  /**
   * This process's intra-op thread count, on which the float32 sums depend; recorded in every
   * checkpoint.
   */
  private final int intraOpThreads;

  private double[] losses;
  private int lossCount;
  private long step;

  private Trainer(
      TrainPlan plan,
      Device device,
      Intervention intervention,
      MegatronDataset dataset,
      WriterLock lock) {
    this.plan = plan;
    this.lock = lock;
    this.config = plan.config();
    this.dataset = dataset;
    this.intervention = intervention;
    this.step = plan.startStep();
    this.schedule = config.schedule();
    this.saveSteps = CheckpointSchedule.parse(config.save()).stepsUpTo(config.endStep());
    this.data = new StepReader(PreShuffledOrder.of(dataset), config.layout(), intervention);
    data.checkSteps(step, config.endStep());
    this.fingerprint = dataset.fingerprint();
    this.intraOpThreads = IntraOpThreads.fix();
    TrainerState state = plan.resumeState();
    if (state != null) {
      checkContinues(state);
      this.firstLossStep = state.firstLossStep();
      this.losses = Arrays.copyOf(state.losses(), Math.max(16, state.losses().length));
      this.lossCount = state.losses().length;
    } else {
      this.firstLossStep = step;
      this.losses = new double[16];
    }
    this.model =
        plan.resumeFrom() != null
            ? GptNeoX.load(plan.resumeFrom(), device, DataType.FLOAT32)
            : initialModel(plan, device);
    try {
      model.parameters().values().forEach(p -> p.setRequiresGradient(true));
      this.optimizer = new AdamW(model.parameters(), config.adam(), model.newManager());
      if (state != null) {
        Path moments = plan.resumeFrom().resolve(Checkpoints.OPTIMIZER_FILE);
        if (!Files.isRegularFile(moments)) {
          throw new StepIndexException(
              "checkpoint "
                  + plan.resumeFrom()
                  + " has a trainer state but no "
                  + Checkpoints.OPTIMIZER_FILE);
        }
        optimizer.load(moments, state.optimizerUpdates());
      }
      primeGradients();
      this.log = TrainLog.open(plan.out(), step);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Opens a run: reads and checks the data, loads or initializes the model on {@code device},
   * restores the optimizer state of an exact resume, and writes checkpoint {@code step0} (the
   * initial weights) when a fresh run starts at step 0 and the schedule includes it.
   *
   * @param plan the resolved run
   * @param device where to train
   * @param intervention the data intervention, or null; a run resumed from a checkpoint trained
   *     with an intervention must pass the same one
   * @return the trainer, at step {@code plan.startStep()}
   * @throws StepIndexException when the data, the checkpoint or the intervention do not fit the
   *     plan, or another training run is writing the same output directory ({@link WriterLock})
   */
  public static Trainer open(TrainPlan plan, Device device, Intervention intervention) {
    // First, before anything is cleaned or written: a second run into the same --out is refused at
    // once, and its
    // removal of "leftovers" can never delete the checkpoint the first run is writing.
    WriterLock lock = WriterLock.acquire(plan.out(), "train");
    Trainer trainer;
    try {
      Checkpoints.removeLeftovers(plan.out());
      MegatronDataset dataset = MegatronDataset.open(Path.of(plan.config().data()));
      try {
        trainer = new Trainer(plan, device, intervention, dataset, lock);
      } catch (RuntimeException e) {
        dataset.close();
        throw e;
      }
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    if (plan.resumeFrom() == null
        && trainer.step == 0
        && Arrays.binarySearch(trainer.saveSteps, 0) >= 0) {
      trainer.save();
    }
    return trainer;
  }

  private void checkContinues(TrainerState state) {
    if (!fingerprint.equals(state.dataFingerprint())) {
      throw new StepIndexException(
          "the data "
              + config.data()
              + " is not the data checkpoint "
              + plan.resumeFrom()
              + " was trained on (fingerprints differ)");
    }
    String spec = intervention == null ? null : intervention.spec();
    if (state.intervention() != null && !state.intervention().equals(spec)) {
      throw new StepIndexException(
          "checkpoint "
              + plan.resumeFrom()
              + " was trained with --intervention "
              + state.intervention()
              + "; pass the same to continue it");
    }
  }

  /**
   * MKL's sums depend on the thread count, so a checkpoint trained with another count continues
   * within float32 rounding of its uninterrupted run here, not bit for bit: worth one line, not a
   * refusal.
   */
  private String threadsNote(TrainerState state) {
    if (state.intraOpThreads() == 0
        || state.intraOpThreads() == intraOpThreads
        || intraOpThreads == 0) {
      return null;
    }
    return "checkpoint "
        + plan.resumeFrom()
        + " was trained with "
        + state.intraOpThreads()
        + " intra-op threads and "
        + "this run uses "
        + intraOpThreads
        + ": it continues within float32 rounding of the uninterrupted run, not "
        + "bit for bit (pass -Dai.djl.pytorch.num_threads="
        + state.intraOpThreads()
        + " in STEPINDEX_JAVA_OPTS to "
        + "match it)";
  }

  /**
   * Writes HF-initialized weights (as {@link RandomCheckpoint} does) aside and loads them onto the
   * device.
   */
  private static GptNeoX initialModel(TrainPlan plan, Device device) {
    Path temp = plan.out().resolve(".init" + ".partial-" + System.nanoTime());
    try {
      RandomCheckpoint.write(temp, plan.model(), plan.config().seed());
      return GptNeoX.load(temp, device, DataType.FLOAT32);
    } finally {
      try {
        AtomicFiles.deleteTree(temp);
      } catch (IOException ignored) {
        // a leftover is removed at the next start
      }
    }
  }

  /**
   * Creates every parameter's gradient as zeros. Without it, the first backward of a process would
   * store fresh gradients while later ones add into zeroed ones, and the two differ in the sign of
   * zero gradients; with it, a resumed run's first step computes exactly what the uninterrupted
   * run's same step did.
   */
  private void primeGradients() {
    try (NDScope scope = new NDScope();
        NDManager scratch = model.newManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      scope.suppressNotUsedWarning();
      NDArray zero = scratch.zeros(new Shape());
      for (NDArray p : model.parameters().values()) {
        NDArray sum = p.sum();
        zero = zero.add(sum.mul(GptNeoX.constant(sum, 0)));
      }
      collector.backward(zero);
    }
    zeroGradients();
  }

  private void zeroGradients() {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (NDArray p : model.parameters().values()) {
        NDArray g = p.getGradient();
        g.subi(g);
      }
    }
  }

  /**
   * Trains until the run's end step, saving checkpoints on the schedule and the last step.
   *
   * @param listener called after each step (for progress), on this thread
   */
  public void run(Consumer<StepMetrics> listener) {
    while (step < config.endStep()) {
      listener.accept(trainStep());
    }
  }

  /**
   * Trains one step, appends it to the log, and saves a checkpoint when the step count reaches a
   * scheduled step or the end step.
   *
   * @return the step's metrics
   * @throws IllegalStateException when the run is already at its end step
   * @throws StepIndexException when the data holds a token id beyond the model's vocabulary, or
   *     training diverges
   */
  public StepMetrics trainStep() {
    if (step >= config.endStep()) {
      throw new IllegalStateException("the run ended at step " + config.endStep());
    }
    long begin = System.nanoTime();
    double loss = backward();
    double lr = schedule.at(step);
    double gradNorm = update(lr);
    double seconds = (System.nanoTime() - begin) / 1e9;
    long labelTokens = (long) config.batchSize() * (config.seqLength() - 1);
    StepMetrics metrics =
        new StepMetrics(step, loss, lr, gradNorm, labelTokens, labelTokens / seconds, seconds);
    step++;
    log.append(metrics);
    if (lossCount == losses.length) {
      losses = Arrays.copyOf(losses, 2 * losses.length);
    }
    losses[lossCount++] = loss;
    if (step == config.endStep() || Arrays.binarySearch(saveSteps, step) >= 0) {
      save();
    }
    return metrics;
  }

  /**
   * Runs forward and backward over the current step's batch, leaving its gradients accumulated in
   * the parameters and the weights untouched; {@link #trainStep} then clips, updates and zeroes
   * them.
   *
   * @return the step's mean loss
   */
  double backward() {
    int[] tokens = data.readStep(step);
    checkTokens(tokens);
    return accumulateGradients(tokens);
  }

  private void checkTokens(int[] tokens) {
    int vocab = model.config().vocabSize();
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] < 0 || tokens[i] >= vocab) {
        long seq = data.layout().firstSequence(step) + i / config.seqLength();
        throw new StepIndexException(
            "sequence "
                + seq
                + " holds token id "
                + tokens[i]
                + ", beyond the model's "
                + "vocabulary of "
                + vocab);
      }
    }
  }

  /** Runs forward and backward over the step's micro-batches; returns the step's mean loss. */
  private double accumulateGradients(int[] tokens) {
    int batch = config.batchSize();
    int length = config.seqLength();
    int inputs = length - 1;
    float labelTokens = (float) ((long) batch * inputs);
    double nllSum = 0;
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      for (int from = 0; from < batch; from += config.microBatch()) {
        int rows = Math.min(config.microBatch(), batch - from);
        long[] ids = new long[rows * inputs];
        long[] labels = new long[rows * inputs];
        for (int r = 0; r < rows; r++) {
          int row = (from + r) * length;
          for (int t = 0; t < inputs; t++) {
            ids[r * inputs + t] = tokens[row + t];
            labels[r * inputs + t] = tokens[row + t + 1];
          }
        }
        try (NDManager micro = model.newManager()) {
          NDArray idArray = micro.create(ids, new Shape(rows, inputs));
          NDArray labelArray = micro.create(labels, new Shape(rows, inputs, 1));
          NDArray mask = micro.ones(new Shape(rows, inputs), DataType.INT64);
          NDArray logits = model.forward(idArray, mask, null);
          NDArray nll = logits.logSoftmax(-1).gather(labelArray, 2).sum().neg();
          // Each micro-batch's share of the step's mean: the accumulated gradients are the full
          // batch's.
          collector.backward(nll.div(GptNeoX.constant(nll, labelTokens)));
          nllSum += nll.getFloat();
        }
      }
    }
    return nllSum / labelTokens;
  }

  /**
   * Clips the accumulated gradients, applies AdamW, zeroes the gradients; returns the norm before
   * clipping.
   */
  private double update(double lr) {
    float norm;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      Map<String, NDArray> gradients = new LinkedHashMap<>();
      NDList norms = new NDList();
      model
          .parameters()
          .forEach(
              (name, p) -> {
                NDArray g = p.getGradient();
                gradients.put(name, g);
                norms.add(g.norm());
              });
      // As clip_grad_norm_: the norm of the per-tensor norms, in float32, and the same coefficient.
      norm = NDArrays.stack(norms).norm().getFloat();
      if (!Float.isFinite(norm)) {
        throw new StepIndexException(
            "training diverged at step "
                + step
                + ": the gradient norm is "
                + norm
                + "; lower --lr or raise --warmup");
      }
      if (config.gradClip() > 0) {
        float coefficient = (float) config.gradClip() / (norm + 1e-6f);
        if (coefficient < 1f) {
          gradients.values().forEach(g -> g.muli(coefficient));
        }
      }
      optimizer.step(gradients, lr);
      gradients.values().forEach(g -> g.subi(g));
    }
    return norm;
  }

  /**
   * Writes checkpoint {@code step<current step>} with the model, the optimizer state and the
   * trainer state.
   *
   * @return the checkpoint directory
   */
  public Path save() {
    TrainerState state =
        new TrainerState(
            step,
            optimizer.updates(),
            config,
            fingerprint,
            intervention == null ? null : intervention.spec(),
            intervention == null ? null : intervention.describe(),
            firstLossStep,
            Arrays.copyOf(losses, lossCount),
            intraOpThreads);
    return Checkpoints.write(plan.out(), model, optimizer, state, Path.of(config.tokenizer()));
  }

  /**
   * Returns the next step to train; equally, the number of steps the weights have taken.
   *
   * @return the current step
   */
  public long step() {
    return step;
  }

  /**
   * Says what this resume cannot promise: set when the checkpoint was trained with another intra-op
   * thread count, so that the run continues within float32 rounding of the uninterrupted run
   * instead of bit for bit.
   *
   * @return the note, one line, or empty for a fresh run and an exact resume
   */
  public Optional<String> resumeNote() {
    return Optional.ofNullable(plan.resumeState() == null ? null : threadsNote(plan.resumeState()));
  }

  /**
   * Returns the run's settings.
   *
   * @return the config
   */
  public TrainConfig config() {
    return config;
  }

  /**
   * Returns the model being trained (its parameters require gradients).
   *
   * @return the model; the trainer closes it
   */
  public GptNeoX model() {
    return model;
  }

  /**
   * Returns the optimizer.
   *
   * @return the optimizer; the trainer closes it
   */
  public AdamW optimizer() {
    return optimizer;
  }

  /** Closes the log, the model (and with it the optimizer's moments) and the data. */
  @Override
  public void close() {
    try {
      log.close();
    } finally {
      try {
        model.close();
      } finally {
        try {
          dataset.close();
        } finally {
          lock.close();
        }
      }
    }
  }
}
