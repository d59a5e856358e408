package org.stepindex.trainer;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.intervention.Intervention;

/**
 * A small synthesized corpus and tiny-model runs on it: 160 sequences of 33 tokens, 4 per step (40
 * steps).
 */
final class TestRuns {
  static final int BATCH = 4;
  static final int SEQ = 33;

  private TestRuns() {}

  static SyntheticCorpus.Result corpus(Path dir) {
    return SyntheticCorpus.write(dir, new SynthOptions(BATCH * 40, SEQ, BATCH, 7));
  }

  /**
   * A fresh tiny run of steps {@code [0, end)}, learning rate 3e-3, warm-up 2 steps, saving every 6
   * steps.
   */
  static TrainRequest request(SyntheticCorpus.Result corpus, Path out, long end) {
    return with(
        TrainRequest.fresh(corpus.dataPrefix(), corpus.tokenizer(), out, "tiny"),
        b -> {
          b.endStep = end;
          b.batchSize = BATCH;
          b.learningRate = 3e-3;
          b.warmup = 2.0;
          b.save = "every:6";
          return b;
        });
  }

  /** The same request with some values changed. */
  static TrainRequest with(TrainRequest r, UnaryOperator<Builder> change) {
    return change.apply(new Builder(r)).build();
  }

  static Trainer open(TrainRequest request, Intervention intervention) {
    return Trainer.open(TrainPlan.resolve(request), Device.cpu(), intervention);
  }

  /** Trains a request to its end and closes the trainer. */
  static void train(TrainRequest request, Intervention intervention) {
    try (Trainer trainer = open(request, intervention)) {
      trainer.run(m -> {});
    }
  }

  /** Mutable copy of a request, for tests that vary one or two values. */
  static final class Builder {
    Path data, tokenizer, out, modelConfig;
    String preset, resume, save;
    Long startStep, endStep, totalSteps, seed;
    Integer batchSize, seqLength, microBatch;
    Double learningRate, warmup, minLrRatio, weightDecay, gradClip;

    Builder(TrainRequest r) {
      data = r.data();
      tokenizer = r.tokenizer();
      out = r.out();
      preset = r.preset();
      modelConfig = r.modelConfig();
      resume = r.resume();
      startStep = r.startStep();
      endStep = r.endStep();
      totalSteps = r.totalSteps();
      batchSize = r.batchSize();
      seqLength = r.seqLength();
      microBatch = r.microBatch();
      learningRate = r.learningRate();
      warmup = r.warmup();
      minLrRatio = r.minLrRatio();
      weightDecay = r.weightDecay();
      gradClip = r.gradClip();
      seed = r.seed();
      save = r.save();
    }

    TrainRequest build() {
      return new TrainRequest(
          data,
          tokenizer,
          out,
          preset,
          modelConfig,
          resume,
          startStep,
          endStep,
          totalSteps,
          batchSize,
          seqLength,
          microBatch,
          learningRate,
          warmup,
          minLrRatio,
          weightDecay,
          gradClip,
          seed,
          save);
    }
  }
}
