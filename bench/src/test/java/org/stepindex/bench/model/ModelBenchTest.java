package org.stepindex.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.eval.model.GptNeoX;
import org.stepindex.eval.model.GptNeoXConfig;
import org.stepindex.eval.model.RandomCheckpoint;

/** The bench runs and reports consistent numbers; how fast is not a test's business. */
class ModelBenchTest {

  /**
   * The shape of eval's parity fixture {@code a-rotary025-parallel}; the weights are random, as
   * nothing here depends on them.
   */
  private static final GptNeoXConfig TINY =
      new GptNeoXConfig(
          100,
          32,
          2,
          4,
          128,
          0.25,
          10000,
          64,
          1e-5,
          true,
          GptNeoXConfig.Activation.GELU_EXACT,
          true,
          false,
          0);

  @Test
  void reportsEveryBatchSizeWithConsistentCounts(@TempDir Path dir) {
    RandomCheckpoint.write(dir, TINY, 1);
    try (GptNeoX model = GptNeoX.load(dir, Device.cpu(), DataType.FLOAT32)) {
      ModelBench.Report report = ModelBench.run(model, 8, new int[] {1, 4}, 2, 64);
      assertEquals(2, report.results().size());
      assertEquals(model.config().parameterCount(), report.parameters());
      assertTrue(report.matmulFlopsPerSecond() > 0);
      GptNeoXConfig c = model.config();
      double flopsPerToken =
          2.0 * (c.parameterCount() - (long) c.vocabSize() * c.hiddenSize())
              + 4.0 * c.numLayers() * 8 * c.hiddenSize();
      for (ModelBench.Result r : report.results()) {
        assertEquals(
            r.batchSize() * 8 / r.seconds(), r.tokensPerSecond(), 1e-6 * r.tokensPerSecond());
        assertEquals(
            r.tokensPerSecond() * flopsPerToken, r.flopsPerSecond(), 1e-6 * r.flopsPerSecond());
      }
      assertEquals(4, report.format().lines().count());
    }
  }
}
