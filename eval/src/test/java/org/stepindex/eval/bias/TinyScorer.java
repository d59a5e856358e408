package org.stepindex.eval.bias;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.stepindex.eval.model.GptNeoXConfig;
import org.stepindex.eval.model.ModelSession;
import org.stepindex.eval.model.RandomCheckpoint;
import org.stepindex.eval.tasks.TextScorer;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * Test models: a tiny random GPT-NeoX checkpoint with a real tokenizer.json, and scorers with fixed
 * answers.
 */
final class TinyScorer {
  private TinyScorer() {}

  /**
   * Writes a random checkpoint into {@code dir} whose tokenizer has the words (letters-only runs)
   * of {@code texts}.
   */
  static Path checkpoint(Path dir, List<String> texts, long seed) throws IOException {
    TreeSet<String> words = new TreeSet<>();
    for (String t : texts) {
      for (String w : t.split("[^\\p{L}]+")) {
        if (!w.isEmpty()) {
          words.add(w);
        }
      }
    }
    Files.createDirectories(dir);
    ByteLevelBpeWriter.write(dir.resolve("tokenizer.json"), List.copyOf(words));
    int vocab;
    try (HfTokenizer tok = HfTokenizer.load(dir.resolve("tokenizer.json"))) {
      vocab = (tok.vocabSize() + 63) / 64 * 64;
    }
    RandomCheckpoint.write(
        dir,
        new GptNeoXConfig(
            vocab,
            32,
            2,
            4,
            64,
            0.25,
            10000,
            128,
            1e-5,
            true,
            GptNeoXConfig.Activation.GELU_EXACT,
            true,
            false,
            0),
        seed);
    return dir;
  }

  /** Opens the checkpoint in {@code dir} on the CPU. */
  static ModelSession open(Path dir) {
    return ModelSession.open(dir, null, Device.cpu(), DataType.FLOAT32, 4);
  }

  /** A scorer that answers from a table, failing on a text it was not given. */
  static TextScorer fixed(Map<String, Double> table) {
    return text -> {
      Double ll = table.get(text);
      if (ll == null) {
        throw new AssertionError("unexpected text: " + text);
      }
      return ll;
    };
  }
}
