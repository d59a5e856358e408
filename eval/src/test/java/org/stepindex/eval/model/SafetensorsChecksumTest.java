package org.stepindex.eval.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The CRC32C that {@link SafetensorsWriter} records per tensor: equal to an independent bitwise
 * CRC32C of the bytes in the file, checked by {@link Safetensors#read} so that a flipped byte
 * inside a tensor is found, while files without checksums (as Hugging Face writes them) read as
 * before.
 */
class SafetensorsChecksumTest {
  @TempDir Path tmp;
  Path file;
  float[] weights;
  long[] ids;

  @BeforeEach
  void write() {
    weights = new float[3 * 5];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) Math.sin(i + 0.5);
    }
    ids = new long[] {7, -1, 1L << 40};
    file = tmp.resolve("model.safetensors");
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      tensors.put("w", manager.create(weights, new Shape(3, 5)));
      tensors.put("ids", manager.create(ids));
      tensors.put("empty", manager.create(new float[0], new Shape(0, 4)));
      SafetensorsWriter.write(file, tensors);
    }
  }

  /**
   * Bitwise CRC32C (Castagnoli, reflected polynomial 0x82F63B78), independent of {@link
   * java.util.zip.CRC32C}.
   */
  private static int crc32c(byte[] bytes, int from, int to) {
    int crc = ~0;
    for (int i = from; i < to; i++) {
      crc ^= bytes[i] & 0xff;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc >>> 1) ^ (0x82F63B78 & -(crc & 1));
      }
    }
    return ~crc;
  }

  private static long headerLength(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
  }

  private static JsonNode header(byte[] bytes) throws IOException {
    return Json.mapper()
        .readTree(new String(bytes, 8, (int) headerLength(bytes), StandardCharsets.UTF_8));
  }

  @Test
  void eachTensorsChecksumIsTheCrc32cOfItsBytesAsStrings() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    JsonNode header = header(bytes);
    JsonNode metadata = header.get("__metadata__");
    assertEquals(
        "pt", metadata.get("format").asText(), "transformers refuses files without format pt");
    int data = 8 + (int) headerLength(bytes);
    int tensors = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
      assertTrue(it.next().getValue().isTextual(), "safetensors metadata holds strings only");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> tensor = it.next();
      if (tensor.getKey().equals("__metadata__")) {
        continue;
      }
      tensors++;
      int begin = data + tensor.getValue().get("data_offsets").get(0).asInt();
      int end = data + tensor.getValue().get("data_offsets").get(1).asInt();
      assertEquals(
          String.format("%08x", crc32c(bytes, begin, end)),
          metadata.get("crc32c." + tensor.getKey()).asText(),
          tensor.getKey());
    }
    assertEquals(3, tensors);
    assertEquals(0, (8 + headerLength(bytes)) % 8, "the data starts 8-byte aligned");
    try (Safetensors read = Safetensors.open(file)) {
      assertTrue(read.checksummed());
    }
  }

  @Test
  void aFlippedByteInsideATensorIsFoundWhenThatTensorIsRead() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    JsonNode w = header(bytes).get("w");
    int at = 8 + (int) headerLength(bytes) + w.get("data_offsets").get(0).asInt() + 17;
    bytes[at] ^= 0x10;
    Files.write(file, bytes);
    try (Safetensors read = Safetensors.open(file);
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      StepIndexException e = assertThrows(StepIndexException.class, () -> read.read("w", manager));
      assertEquals(
          "the safetensors file "
              + file
              + " is damaged: tensor 'w' does not match the CRC32C its header"
              + " records; copy the file again or write the checkpoint anew",
          e.getMessage());
      assertArrayEquals(
          ids, read.read("ids", manager).toLongArray(), "the other tensors still read");
    }
  }

  @Test
  void theFileGetsTheUmasksPermissionsAndNothingIsLeftBesideIt() throws IOException {
    var plain = Files.getPosixFilePermissions(Files.createFile(tmp.resolve("plain")));
    assertEquals(
        plain,
        Files.getPosixFilePermissions(file),
        "a lab reads checkpoints as any file its user writes");
    try (var files = Files.list(tmp)) {
      assertEquals(2, files.count(), "model.safetensors and plain only");
    }
  }

  @Test
  void aFileWithoutChecksumsReadsAsBefore() throws IOException {
    Path plain = rewriteMetadata(m -> m.retain("format"));
    try (Safetensors read = Safetensors.open(plain);
        NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      assertFalse(read.checksummed());
      assertArrayEquals(weights, read.read("w", manager).toFloatArray());
      assertEquals(DataType.INT64, read.entry("ids").dataType());
    }
  }

  @Test
  void aChecksumForATensorTheFileLacksIsRefusedOnOpen() throws IOException {
    Path odd = rewriteMetadata(m -> m.put("crc32c.missing", "00000000"));
    StepIndexException e =
        assertThrows(StepIndexException.class, () -> Safetensors.open(odd).close());
    assertTrue(e.getMessage().startsWith("not a valid safetensors file " + odd), e.getMessage());
    Path garbled = rewriteMetadata(m -> m.put("crc32c.w", "xyz"));
    assertThrows(StepIndexException.class, () -> Safetensors.open(garbled).close());
  }

  /** The same file with its metadata changed, header re-padded to 8 bytes, data unchanged. */
  private Path rewriteMetadata(java.util.function.Consumer<ObjectNode> change) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ObjectNode header = (ObjectNode) header(bytes);
    change.accept((ObjectNode) header.get("__metadata__"));
    byte[] text = Json.mapper().writeValueAsBytes(header);
    int padded = (text.length + 7) / 8 * 8;
    byte[] head = new byte[8 + padded];
    Arrays.fill(head, (byte) ' ');
    ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
    System.arraycopy(text, 0, head, 8, text.length);
    byte[] data = Arrays.copyOfRange(bytes, 8 + (int) headerLength(bytes), bytes.length);
    Path out = tmp.resolve("rewritten-" + System.nanoTime() + ".safetensors");
    Files.write(out, head);
    Files.write(out, data, java.nio.file.StandardOpenOption.APPEND);
    return out;
  }
}
