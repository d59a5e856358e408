package org.stepindex.eval.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * DJL logits against the committed reference logits of each fixture, at every unpadded position.
 */
class GptNeoXParityTest {

  static final java.util.List<String> NAMES = Fixture.NAMES;

  @ParameterizedTest
  @FieldSource("NAMES")
  void logitsMatchTheReference(String name) {
    Fixture fixture = Fixture.load(name);
    try (GptNeoX model = GptNeoX.load(fixture.dir(), Device.cpu(), DataType.FLOAT32);
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray logits = model.forward(fixture.ids(manager), fixture.mask(manager), null);
      int rows = fixture.inputIds().length;
      int seq = fixture.inputIds()[0].length;
      assertEquals(new Shape(rows, seq, fixture.vocab()), logits.getShape());
      float[] actual = logits.toFloatArray();
      double worst = 0;
      int compared = 0;
      for (int r = 0; r < rows; r++) {
        for (int t = 0; t < seq; t++) {
          if (fixture.attentionMask()[r][t] == 0) {
            continue;
          }
          for (int v = 0; v < fixture.vocab(); v++) {
            worst =
                Math.max(
                    worst,
                    Math.abs(actual[(r * seq + t) * fixture.vocab() + v] - fixture.logit(r, t, v)));
            compared++;
          }
        }
      }
      assertTrue(compared > fixture.vocab() * seq, "both rows compared");
      assertTrue(
          worst < 1e-4,
          name
              + ": max |DJL − reference| = "
              + worst
              + " ("
              + fixture.reference()
              + "; "
              + "tolerance 1e-4: float32 libtorch against a float64 reference, logits of magnitude ~1)");
    }
  }
}
