package org.stepindex.eval.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * A random-weight GPT-NeoX checkpoint written with {@link SafetensorsWriter} beside a real
 * byte-level BPE {@code tokenizer.json} whose ids it covers (the vocabulary padded beyond them, as
 * Pythia's is).
 */
public final class TinyModel {

  public static final List<String> WORDS =
      List.of(
          "the", "cat", "sat", "on", "mat", "dog", "ran", "far", "1", "2", "3", "+", "=", ".", "\n",
          "Q", "A", ":");

  private TinyModel() {}

  /**
   * Writes config.json, model.safetensors and tokenizer.json into {@code dir}; returns the
   * tokenizer.
   */
  public static HfTokenizer write(Path dir, long seed) {
    try {
      Files.createDirectories(dir);
      ByteLevelBpeWriter.write(
          dir.resolve("tokenizer.json"), WORDS.stream().filter(w -> !w.equals("\n")).toList());
      HfTokenizer tokenizer = HfTokenizer.load(dir.resolve("tokenizer.json"));
      int vocab = (tokenizer.vocabSize() + 63) / 64 * 64;
      String config =
          """
          {"architectures": ["GPTNeoXForCausalLM"], "model_type": "gpt_neox", "vocab_size": %d, "hidden_size": 32,
           "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 64, "rotary_pct": 0.25,
           "rotary_emb_base": 10000, "max_position_embeddings": 64, "layer_norm_eps": 1e-5,
           "use_parallel_residual": true, "hidden_act": "gelu", "tie_word_embeddings": false,
           "bos_token_id": 0, "eos_token_id": 0, "torch_dtype": "float32"}
          """
              .formatted(vocab);
      Files.writeString(dir.resolve("config.json"), config);
      GptNeoXConfig parsed = GptNeoXConfig.read(dir);
      Engine.getInstance().setRandomSeed((int) seed);
      try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        GptNeoX.expectedShapes(parsed)
            .forEach(
                (name, shape) -> {
                  // Large weights make the random model's choices decisive, so greedy ties do not
                  // blur the tests.
                  NDArray w =
                      manager.randomNormal(
                          0, name.contains("layernorm") ? 0.1f : 0.6f, shape, DataType.FLOAT32);
                  tensors.put(
                      name,
                      name.endsWith("layernorm.weight") || name.endsWith("layer_norm.weight")
                          ? w.add(1)
                          : w);
                });
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
      }
      return tokenizer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
