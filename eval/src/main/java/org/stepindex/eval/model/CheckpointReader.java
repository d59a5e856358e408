package org.stepindex.eval.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The tensors of a Hugging Face checkpoint directory: {@code model.safetensors}, or the shards that
 * {@code model.safetensors.index.json} maps tensor names to.
 */
final class CheckpointReader implements AutoCloseable {

  static final String SINGLE = "model.safetensors";
  static final String INDEX = "model.safetensors.index.json";

  private final Path dir;
  private final Map<String, Safetensors> fileByTensor;
  private final Map<Path, Safetensors> open;

  private CheckpointReader(
      Path dir, Map<String, Safetensors> fileByTensor, Map<Path, Safetensors> open) {
    this.dir = dir;
    this.fileByTensor = fileByTensor;
    this.open = open;
  }

  /** Opens the checkpoint's files, preferring the single file when both layouts are present. */
  static CheckpointReader open(Path dir) {
    Map<String, Safetensors> byTensor = new LinkedHashMap<>();
    Map<Path, Safetensors> open = new LinkedHashMap<>();
    try {
      if (Files.isRegularFile(dir.resolve(SINGLE))) {
        Safetensors file = Safetensors.open(dir.resolve(SINGLE));
        open.put(file.file(), file);
        file.names().forEach(name -> byTensor.put(name, file));
      } else if (Files.isRegularFile(dir.resolve(INDEX))) {
        JsonNode weightMap = readIndex(dir.resolve(INDEX));
        for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          Path shard = dir.resolve(e.getValue().asText());
          Safetensors file = open.computeIfAbsent(shard, Safetensors::open);
          if (file.entry(e.getKey()) == null) {
            throw new StepIndexException(
                INDEX
                    + " in "
                    + dir
                    + " maps tensor '"
                    + e.getKey()
                    + "' to "
                    + shard.getFileName()
                    + ", which lacks it");
          }
          byTensor.put(e.getKey(), file);
        }
      } else {
        throw new StepIndexException(
            "no "
                + SINGLE
                + " or "
                + INDEX
                + " in "
                + dir
                + "; expected a Hugging Face checkpoint saved with safetensors");
      }
      return new CheckpointReader(dir, byTensor, open);
    } catch (RuntimeException e) {
      open.values().forEach(Safetensors::close);
      throw e;
    }
  }

  private static JsonNode readIndex(Path index) {
    try {
      JsonNode weightMap = Json.mapper().readTree(Files.readAllBytes(index)).path("weight_map");
      if (!weightMap.isObject()) {
        throw new StepIndexException(index + " has no weight_map object");
      }
      return weightMap;
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot read " + index + ": " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  /** Whether the checkpoint holds a tensor of this name. */
  boolean has(String name) {
    return fileByTensor.containsKey(name);
  }

  /**
   * Reads a tensor and checks its shape.
   *
   * @throws StepIndexException when the tensor is missing or its shape differs from {@code
   *     expected}
   */
  NDArray read(String name, Shape expected, NDManager manager) {
    Safetensors file = fileByTensor.get(name);
    if (file == null) {
      throw new StepIndexException(
          "checkpoint " + dir + " lacks tensor '" + name + "' that its config.json implies");
    }
    Shape actual = file.entry(name).shape();
    if (!actual.equals(expected)) {
      throw new StepIndexException(
          "tensor '"
              + name
              + "' in "
              + file.file()
              + " has shape "
              + actual
              + " but config.json implies "
              + expected);
    }
    return file.read(name, manager);
  }

  @Override
  public void close() {
    open.values().forEach(Safetensors::close);
  }
}
