package org.stepindex.eval.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Checkpoint reading and writing: dtypes, round trips, and one-line errors for broken checkpoints.
 */
class LoadingTest {

  @TempDir Path tmp;

  private static final String FIXTURE = "a-rotary025-parallel";

  /**
   * Copies the fixture's config and rewrites its weights through {@link SafetensorsWriter},
   * optionally altered.
   */
  private Path rewrite(
      String name, DataType storeAs, java.util.function.Consumer<Map<String, NDArray>> alter)
      throws IOException {
    Path out = tmp.resolve(name);
    Files.createDirectories(out);
    Files.copy(Fixture.dir(FIXTURE).resolve("config.json"), out.resolve("config.json"));
    try (NDManager manager = NDManager.newBaseManager(Device.cpu());
        Safetensors in = Safetensors.open(Fixture.dir(FIXTURE).resolve("model.safetensors"))) {
      Map<String, NDArray> tensors = new HashMap<>();
      for (String tensor : in.names()) {
        tensors.put(tensor, in.read(tensor, manager).toType(storeAs, false));
      }
      alter.accept(tensors);
      SafetensorsWriter.write(out.resolve("model.safetensors"), tensors);
    }
    return out;
  }

  private static double maxDifferenceFromReference(Path dir, DataType runAs) {
    Fixture fixture = Fixture.load(FIXTURE);
    try (GptNeoX model = GptNeoX.load(dir, Device.cpu(), runAs);
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      assertEquals(runAs, model.dataType());
      float[] logits =
          model
              .forward(fixture.ids(manager), fixture.mask(manager), null)
              .toType(DataType.FLOAT32, false)
              .toFloatArray();
      double worst = 0;
      int seq = fixture.inputIds()[0].length;
      for (int r = 0; r < 2; r++) {
        for (int t = 0; t < seq; t++) {
          for (int v = 0; fixture.attentionMask()[r][t] == 1 && v < fixture.vocab(); v++) {
            worst =
                Math.max(
                    worst,
                    Math.abs(logits[(r * seq + t) * fixture.vocab() + v] - fixture.logit(r, t, v)));
          }
        }
      }
      return worst;
    }
  }

  @Test
  void float32RoundTripThroughTheWriterIsExact() throws IOException {
    Path dir = rewrite("f32", DataType.FLOAT32, t -> {});
    assertTrue(
        maxDifferenceFromReference(dir, DataType.FLOAT32) < 1e-4,
        "the model-parity tolerance: float32 libtorch against a float64 reference");
    try (Safetensors a = Safetensors.open(Fixture.dir(FIXTURE).resolve("model.safetensors"));
        Safetensors b = Safetensors.open(dir.resolve("model.safetensors"));
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      assertEquals(a.names().stream().sorted().toList(), b.names().stream().sorted().toList());
      for (String name : a.names()) {
        assertEquals(a.read(name, manager), b.read(name, manager), name);
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of("config.json", "model.safetensors"),
          files.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temporary file left behind");
    }
  }

  @Test
  void float16CheckpointsLoadAndRun() throws IOException {
    Path dir = rewrite("f16", DataType.FLOAT16, t -> {});
    try (Safetensors file = Safetensors.open(dir.resolve("model.safetensors"))) {
      assertEquals(DataType.FLOAT16, file.entry("embed_out.weight").dataType());
    }
    // Stored in half precision, run in float32: only the storage rounding differs from the
    // reference.
    double stored = maxDifferenceFromReference(dir, DataType.FLOAT32);
    // Stored and run in half precision: every operation rounds (logits here reach about 4).
    double run = maxDifferenceFromReference(dir, DataType.FLOAT16);
    // Half precision has an ulp of 2e-3 at 4: storage rounding alone stays within a few ulps;
    // computing in half
    // rounds every product and sum, an order of magnitude more, whatever the kernel.
    assertTrue(
        stored < 0.02 && run < 0.05,
        "stored " + stored + ", run " + run + " (tolerances: float16 ulps)");
    assertTrue(stored > 0 && run > 0, "half precision cannot be exact");
  }

  @Test
  void bfloat16CheckpointsLoadAsFloat32AndBfloat16ComputeIsRefused() throws IOException {
    Path dir = tmp.resolve("bf16");
    Files.createDirectories(dir);
    Files.copy(Fixture.dir(FIXTURE).resolve("config.json"), dir.resolve("config.json"));
    writeBfloat16(
        Fixture.dir(FIXTURE).resolve("model.safetensors"), dir.resolve("model.safetensors"));
    try (Safetensors file = Safetensors.open(dir.resolve("model.safetensors"))) {
      assertEquals(DataType.BFLOAT16, file.entry("embed_out.weight").dataType());
    }
    double stored = maxDifferenceFromReference(dir, DataType.FLOAT32);
    assertTrue(stored > 0 && stored < 0.2, "bfloat16 storage rounding: " + stored);
    assertOneLine(
        assertThrows(
            StepIndexException.class, () -> GptNeoX.load(dir, Device.cpu(), DataType.BFLOAT16)),
        "bfloat16");
  }

  /**
   * Rewrites a float32 safetensors file as bfloat16 (round to nearest even), by hand, independently
   * of {@link SafetensorsWriter}, which cannot take bfloat16 arrays from DJL's PyTorch engine.
   */
  private static void writeBfloat16(Path in, Path out) throws IOException {
    java.nio.ByteBuffer src =
        java.nio.ByteBuffer.wrap(Files.readAllBytes(in)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int headerLength = (int) src.getLong(0);
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    var header =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            json.readTree(java.util.Arrays.copyOfRange(src.array(), 8, 8 + headerLength));
    java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
    for (String name : (Iterable<String>) header::fieldNames) {
      if (name.equals("__metadata__")) {
        continue;
      }
      var entry = (com.fasterxml.jackson.databind.node.ObjectNode) header.get(name);
      long begin = entry.get("data_offsets").get(0).asLong();
      long end = entry.get("data_offsets").get(1).asLong();
      int start = data.size();
      for (long at = begin; at < end; at += 4) {
        int bits = src.getInt((int) (8 + headerLength + at));
        int rounded = (bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16;
        data.write(rounded & 0xff);
        data.write((rounded >>> 8) & 0xff);
      }
      entry.put("dtype", "BF16");
      entry.putArray("data_offsets").add(start).add(data.size());
    }
    byte[] text = json.writeValueAsBytes(header);
    java.nio.ByteBuffer length =
        java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    length.putLong(text.length);
    try (var stream = Files.newOutputStream(out)) {
      stream.write(length.array());
      stream.write(text);
      data.writeTo(stream);
    }
  }

  private static void assertOneLine(StepIndexException e, String... fragments) {
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
  }

  @Test
  void missingTensorIsAOneLineError() throws IOException {
    Path dir =
        rewrite(
            "missing", DataType.FLOAT32, t -> t.remove("gpt_neox.layers.1.mlp.dense_4h_to_h.bias"));
    assertOneLine(
        assertThrows(
            StepIndexException.class, () -> GptNeoX.load(dir, Device.cpu(), DataType.FLOAT32)),
        "lacks tensor 'gpt_neox.layers.1.mlp.dense_4h_to_h.bias'");
  }

  @Test
  void wrongShapeIsAOneLineError() throws IOException {
    Path dir =
        rewrite(
            "shape",
            DataType.FLOAT32,
            t ->
                t.put(
                    "gpt_neox.layers.0.attention.dense.weight",
                    t.get("gpt_neox.layers.0.attention.dense.weight").get(":16, :")));
    assertOneLine(
        assertThrows(
            StepIndexException.class, () -> GptNeoX.load(dir, Device.cpu(), DataType.FLOAT32)),
        "gpt_neox.layers.0.attention.dense.weight",
        "(16, 32)",
        "(32, 32)");
  }

  @Test
  void brokenFilesAreOneLineErrors() throws IOException {
    assertOneLine(
        assertThrows(
            StepIndexException.class, () -> GptNeoX.load(tmp, Device.cpu(), DataType.FLOAT32)),
        "config.json");
    Path dir = rewrite("broken", DataType.FLOAT32, t -> {});
    Path file = dir.resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(
        file,
        java.util.Arrays.copyOf(bytes, bytes.length - 4)); // the last tensor's data is cut short
    assertOneLine(
        assertThrows(
            StepIndexException.class, () -> GptNeoX.load(dir, Device.cpu(), DataType.FLOAT32)),
        "not a valid safetensors file",
        "data_offsets");
    Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\"}");
    assertOneLine(
        assertThrows(
            StepIndexException.class, () -> GptNeoX.load(dir, Device.cpu(), DataType.FLOAT32)),
        "'llama'");
  }

  @Test
  void ignoredBuffersAndShardsAreRead() {
    try (Safetensors file =
        Safetensors.open(Fixture.dir("b-rotary1-sequential").resolve("model.safetensors"))) {
      assertEquals(DataType.BOOLEAN, file.entry("gpt_neox.layers.0.attention.bias").dataType());
      assertEquals(new Shape(1, 1, 64, 64), file.entry("gpt_neox.layers.0.attention.bias").shape());
    }
    try (GptNeoX model =
        GptNeoX.load(Fixture.dir("b-rotary1-sequential"), Device.cpu(), DataType.FLOAT32)) {
      assertEquals(GptNeoX.expectedShapes(model.config()).keySet(), model.parameters().keySet());
      assertFalse(model.config().parallelResidual());
      assertEquals(GptNeoXConfig.Activation.GELU_TANH, model.config().activation());
    }
    try (GptNeoX model =
        GptNeoX.load(Fixture.dir("a-rotary025-parallel-sharded"), Device.cpu(), DataType.FLOAT32)) {
      assertEquals(2, model.config().rotaryDims());
      long count = model.parameters().values().stream().mapToLong(a -> a.getShape().size()).sum();
      assertEquals(model.config().parameterCount(), count);
    }
  }

  @Test
  void optionParsing() {
    assertEquals(DataType.BFLOAT16, ModelDType.parse("bf16").dataType());
    assertEquals(ModelDType.FLOAT16, ModelDType.parse("float16"));
    assertOneLine(
        assertThrows(StepIndexException.class, () -> ModelDType.parse("int8")), "--dtype", "int8");
    assertEquals(Device.cpu(), Devices.parse("cpu"));
    assertOneLine(assertThrows(StepIndexException.class, () -> Devices.parse("tpu")), "--device");
    if (Engine.getInstance().getGpuCount() == 0) {
      assertEquals(Device.cpu(), Devices.parse("auto"));
      assertOneLine(assertThrows(StepIndexException.class, () -> Devices.parse("gpu")), "CUDA");
    } else {
      assertEquals(Device.gpu(), Devices.parse("auto"));
    }
  }
}
