package org.stepindex.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AdamW against the torch.optim.AdamW formulas computed by hand in double precision. */
class AdamWTest {
  @TempDir Path dir;

  private static final AdamW.Settings SETTINGS = new AdamW.Settings(0.9, 0.95, 1e-8, 0.1);

  @Test
  void twoStepsMatchAHandComputation() {
    double[] p0 = {0.5, -1.25, 2.0, 0.0};
    double[][] grads = {{0.1, -0.2, 0.3, 1e-9}, {-0.05, 0.4, 0.3, 0.0}};
    double[] lrs = {1e-2, 5e-3};
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Map<String, NDArray> params = new LinkedHashMap<>();
      params.put("w.weight", manager.create(toFloat(p0)));
      params.put("w.bias", manager.create(toFloat(p0)));
      AdamW adam = new AdamW(params, SETTINGS, manager.newSubManager());
      double[] expectedDecayed = p0.clone();
      double[] expectedBias = p0.clone();
      double[][] moments = new double[4][p0.length];
      for (int t = 1; t <= 2; t++) {
        NDArray g = manager.create(toFloat(grads[t - 1]));
        adam.step(Map.of("w.weight", g, "w.bias", g), lrs[t - 1]);
        handStep(expectedDecayed, moments[0], moments[1], grads[t - 1], lrs[t - 1], t, 0.1);
        handStep(expectedBias, moments[2], moments[3], grads[t - 1], lrs[t - 1], t, 0.0);
      }
      assertClose(expectedDecayed, params.get("w.weight").toFloatArray());
      assertClose(expectedBias, params.get("w.bias").toFloatArray());
      assertClose(moments[0], adam.expAvg().get("w.weight").toFloatArray());
      assertClose(moments[1], adam.expAvgSq().get("w.weight").toFloatArray());
      assertEquals(2, adam.updates());
    }
  }

  /** torch.optim.AdamW, one parameter tensor, in double. */
  private static void handStep(
      double[] p, double[] m, double[] v, double[] g, double lr, int t, double decay) {
    for (int i = 0; i < p.length; i++) {
      p[i] *= 1 - lr * decay;
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.95 * v[i] + 0.05 * g[i] * g[i];
      double mHat = m[i] / (1 - Math.pow(0.9, t));
      double denominator = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.95, t)) + 1e-8;
      p[i] -= lr * mHat / denominator;
    }
  }

  @Test
  void savedMomentsLoadExactly() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Map<String, NDArray> params = Map.of("a.weight", manager.create(new float[] {1, 2, 3}));
      AdamW adam = new AdamW(params, SETTINGS, manager.newSubManager());
      adam.step(Map.of("a.weight", manager.create(new float[] {0.3f, -0.1f, 0.7f})), 1e-3);
      adam.save(dir.resolve("opt.safetensors"));
      AdamW restored = new AdamW(params, SETTINGS, manager.newSubManager());
      restored.load(dir.resolve("opt.safetensors"), adam.updates());
      assertEquals(adam.expAvg().get("a.weight"), restored.expAvg().get("a.weight"));
      assertEquals(adam.expAvgSq().get("a.weight"), restored.expAvgSq().get("a.weight"));
      assertEquals(1, restored.updates());
    }
  }

  @Test
  void noDecayForBiasesAndLayerNorms() {
    assertTrue(AdamW.decays("gpt_neox.layers.0.attention.query_key_value.weight"));
    assertTrue(AdamW.decays("gpt_neox.embed_in.weight"));
    assertTrue(AdamW.decays("embed_out.weight"));
    assertFalse(AdamW.decays("gpt_neox.layers.0.mlp.dense_h_to_4h.bias"));
    assertFalse(AdamW.decays("gpt_neox.layers.0.input_layernorm.weight"));
    assertFalse(AdamW.decays("gpt_neox.final_layer_norm.weight"));
  }

  private static float[] toFloat(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  private static void assertClose(double[] expected, float[] actual) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-6 + 1e-5 * Math.abs(expected[i]), "element " + i);
    }
  }
}
