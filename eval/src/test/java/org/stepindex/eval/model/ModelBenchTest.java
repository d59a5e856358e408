package org.stepindex.eval.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

/** The bench runs and reports consistent numbers; how fast is not a test's business. */
class ModelBenchTest {

  @Test
  void reportsEveryBatchSizeWithConsistentCounts() {
    try (GptNeoX model = GptNeoX.load(Fixture.dir("a-rotary025-parallel"), Device.cpu(), DataType.FLOAT32)) {
      ModelBench.Report report = ModelBench.run(model, 8, new int[] {1, 4}, 2, 64);
      assertEquals(2, report.results().size());
      assertEquals(model.config().parameterCount(), report.parameters());
      assertTrue(report.matmulFlopsPerSecond() > 0);
      GptNeoXConfig c = model.config();
      double flopsPerToken = 2.0 * (c.parameterCount() - (long) c.vocabSize() * c.hiddenSize())
          + 4.0 * c.numLayers() * 8 * c.hiddenSize();
      for (ModelBench.Result r : report.results()) {
        assertEquals(r.batchSize() * 8 / r.seconds(), r.tokensPerSecond(), 1e-6 * r.tokensPerSecond());
        assertEquals(r.tokensPerSecond() * flopsPerToken, r.flopsPerSecond(), 1e-6 * r.flopsPerSecond());
      }
      assertEquals(4, report.format().lines().count());
    }
  }
}
