package org.stepindex.eval.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Writes a freshly initialized GPT-NeoX checkpoint ({@code config.json} + {@code
 * model.safetensors}) the way transformers initializes one: weights normal with standard deviation
 * {@code initializer_range}, biases zero, layer-norm weights one. The starting point of a training
 * run, and a stand-in model for end-to-end tests.
 */
public final class RandomCheckpoint {
  /** transformers' default {@code initializer_range} for GPT-NeoX. */
  public static final float INIT_STD = 0.02f;

  private RandomCheckpoint() {}

  /**
   * Writes the checkpoint into {@code dir} (created if needed); the same seed gives the same
   * weights.
   */
  public static void write(Path dir, GptNeoXConfig config, long seed) {
    try {
      Files.createDirectories(dir);
      Engine.getInstance().setRandomSeed((int) seed);
      try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        GptNeoX.expectedShapes(config)
            .forEach((name, shape) -> tensors.put(name, init(manager, name, shape)));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
      }
      AtomicFiles.write(
          dir.resolve("config.json"), config.toJson().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot write a checkpoint to " + dir + ": " + e.getMessage(), e);
    }
  }

  private static NDArray init(NDManager manager, String name, ai.djl.ndarray.types.Shape shape) {
    boolean norm = name.contains("layernorm") || name.contains("layer_norm");
    if (name.endsWith(".bias")) {
      return manager.zeros(shape, DataType.FLOAT32);
    }
    if (norm) {
      return manager.ones(shape, DataType.FLOAT32);
    }
    return manager.randomNormal(0, INIT_STD, shape, DataType.FLOAT32);
  }
}
