package org.stepindex.eval.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

/**
 * Incremental decoding through the cache gives the logits of full recomputation, left padding
 * included.
 */
class KvCacheTest {

  @Test
  void incrementalLogitsEqualFullRecomputation() {
    Fixture fixture =
        Fixture.load("c-rotary05-base500-padded"); // row 1 is left-padded by three tokens
    try (GptNeoX model = GptNeoX.load(fixture.dir(), Device.cpu(), DataType.FLOAT32);
        NDManager manager = NDManager.newBaseManager(Device.cpu());
        KvCache cache = model.newCache()) {
      NDArray ids = fixture.ids(manager);
      NDArray mask = fixture.mask(manager);
      int seq = (int) ids.getShape().get(1);
      float[] full = model.forward(ids, mask, null).toFloatArray();

      int prefix = 5; // a prompt, then one token at a time
      float[][] pieces = new float[seq][];
      float[] first =
          model
              .forward(ids.get(":, :{}", prefix), mask.get(":, :{}", prefix), cache)
              .toFloatArray();
      assertEquals(prefix, cache.length());
      for (int t = prefix; t < seq; t++) {
        pieces[t] =
            model
                .forward(ids.get(":, {}:{}", t, t + 1), mask.get(":, :{}", t + 1), cache)
                .toFloatArray();
      }
      assertEquals(seq, cache.length());

      int vocab = fixture.vocab();
      double worst = 0;
      for (int row = 0; row < 2; row++) {
        for (int t = 0; t < seq; t++) {
          if (fixture.attentionMask()[row][t] == 0) {
            continue;
          }
          for (int v = 0; v < vocab; v++) {
            float incremental =
                t < prefix ? first[(row * prefix + t) * vocab + v] : pieces[t][row * vocab + v];
            worst = Math.max(worst, Math.abs(incremental - full[(row * seq + t) * vocab + v]));
          }
        }
      }
      // One token at a time through the cache and the whole sequence at once multiply matrices of
      // other shapes, so
      // float32 sums are taken in other orders: logits of magnitude ~1 differ by a few 1e-6; 1e-5
      // allows for any
      // CPU kernel while a wrong position, mask or rotary offset moves logits by 1e-2 or more.
      assertTrue(
          worst < 1e-5,
          "max |incremental − full| = " + worst + " (tolerance 1e-5: float32 kernel paths)");
      // And both match the reference, so the cache path is pinned to transformers too.
      assertEquals(
          fixture.logit(1, seq - 1, 7),
          pieces[seq - 1][vocab + 7],
          1e-4,
          "the model-parity tolerance: float32 libtorch against the float64 numpy reference");
    }
  }
}
