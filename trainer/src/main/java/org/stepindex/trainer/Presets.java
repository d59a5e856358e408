package org.stepindex.trainer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.stepindex.eval.model.GptNeoXConfig;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Named model shapes: Pythia's published sizes (from the Pythia paper and its GPT-NeoX configs) and
 * tiny ones that train on a CPU in seconds.
 *
 * <p>Every preset has Pythia's architecture: parallel residual, rotary embeddings on 25% of each
 * head (base 10000), exact GELU, MLP four times as wide as the residual stream, biases, untied
 * {@code embed_in}/{@code embed_out}, layer-norm epsilon 1e-5, context 2048. The vocabulary is
 * Pythia's 50,304 for the Pythia sizes (grown to a multiple of 128 if the tokenizer needs more) and
 * the tokenizer's size rounded up to a multiple of 64 for the tiny ones.
 */
public final class Presets {

  /**
   * A named shape with the learning rate Pythia trained it with.
   *
   * @param name the preset name
   * @param config the model shape, its vocabulary sized for the tokenizer
   * @param learningRate the peak learning rate (Pythia's for its sizes; 1e-3 for the tiny ones)
   */
  public record Preset(String name, GptNeoXConfig config, double learningRate) {}

  private record Shape(int layers, int width, int heads, double learningRate, boolean pythia) {}

  private static final int PYTHIA_VOCAB = 50304;
  private static final Map<String, Shape> SHAPES = new LinkedHashMap<>();

  static {
    SHAPES.put("tiny", new Shape(2, 64, 4, 1e-3, false));
    SHAPES.put("mini", new Shape(4, 128, 4, 1e-3, false));
    SHAPES.put("70m", new Shape(6, 512, 8, 1e-3, true));
    SHAPES.put("160m", new Shape(12, 768, 12, 6e-4, true));
    SHAPES.put("410m", new Shape(24, 1024, 16, 3e-4, true));
    SHAPES.put("1b", new Shape(16, 2048, 8, 3e-4, true));
    SHAPES.put("1.4b", new Shape(24, 2048, 16, 2e-4, true));
    SHAPES.put("2.8b", new Shape(32, 2560, 32, 1.6e-4, true));
    SHAPES.put("6.9b", new Shape(32, 4096, 32, 1.2e-4, true));
    SHAPES.put("12b", new Shape(36, 5120, 40, 1.2e-4, true));
  }

  private Presets() {}

  /**
   * Returns a preset whose vocabulary covers a tokenizer.
   *
   * @param name a preset name, optionally prefixed {@code pythia-} ({@code 70m}, {@code
   *     pythia-70m}, {@code tiny})
   * @param tokenizerVocab the tokenizer's id range ({@code HfTokenizer.vocabSize()})
   * @return the preset
   * @throws StepIndexException naming the presets when {@code name} is none of them
   */
  public static Preset get(String name, int tokenizerVocab) {
    String key = name.strip().toLowerCase(Locale.ROOT);
    if (key.startsWith("pythia-")) {
      key = key.substring("pythia-".length());
    }
    Shape shape = SHAPES.get(key);
    if (shape == null) {
      throw new StepIndexException(
          "unknown preset '" + name + "'; use one of " + String.join(", ", names()));
    }
    int vocab =
        shape.pythia()
            ? Math.max(PYTHIA_VOCAB, roundUp(tokenizerVocab, 128))
            : roundUp(tokenizerVocab, 64);
    GptNeoXConfig config =
        new GptNeoXConfig(
            vocab,
            shape.width(),
            shape.layers(),
            shape.heads(),
            4 * shape.width(),
            0.25,
            10000,
            2048,
            1e-5,
            true,
            GptNeoXConfig.Activation.GELU_EXACT,
            true,
            false,
            0);
    return new Preset(key, config, shape.learningRate());
  }

  /**
   * Returns the preset names, smallest first.
   *
   * @return the names
   */
  public static Iterable<String> names() {
    return SHAPES.keySet();
  }

  private static int roundUp(int value, int multiple) {
    return (Math.max(value, 1) + multiple - 1) / multiple * multiple;
  }
}
