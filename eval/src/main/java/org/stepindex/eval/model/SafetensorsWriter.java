package org.stepindex.eval.model;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.base.TempFiles;

/**
 * Writes NDArrays as one {@code .safetensors} file that Hugging Face's {@code safetensors} library
 * and {@link Safetensors} read.
 *
 * <p>The file is written to a temporary file beside the target and renamed into place, so a crash
 * never leaves a half-written checkpoint under the final name.
 */
public final class SafetensorsWriter {

  private SafetensorsWriter() {}

  /**
   * Writes tensors, in name order, with {@code __metadata__ {"format": "pt"}} as PyTorch
   * checkpoints carry, and the CRC32C of each tensor's bytes as {@code "crc32c.NAME": "8 hex
   * digits"} in the same metadata (string values, as the format allows), so that {@link
   * Safetensors#read} finds a flipped byte that leaves the file valid.
   *
   * @param file the target file; replaced if it exists
   * @param tensors name → array, each of a type safetensors holds (F64, F32, F16, BF16, integers,
   *     boolean)
   * @throws StepIndexException when the file cannot be written
   * @throws IllegalArgumentException when an array's type cannot be stored
   */
  public static void write(Path file, Map<String, NDArray> tensors) {
    Map<String, NDArray> sorted = new TreeMap<>(tensors);
    Map<String, Integer> crcs = new TreeMap<>();
    sorted.keySet().forEach(name -> crcs.put(name, 0));
    // The checksums are fixed-width, so a header of zeros has the final header's length: it is
    // written first, the
    // data after it in one pass that computes the checksums, then the final header over it.
    ByteBuffer placeholder = header(sorted, crcs);
    int headerBytes = placeholder.remaining();
    Path parent = file.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(parent);
      temp = TempFiles.besides(file);
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        writeFully(channel, placeholder);
        for (Map.Entry<String, NDArray> e : sorted.entrySet()) {
          ByteBuffer bytes =
              e.getValue().toByteBuffer(); // native order, which DJL supports only as little-endian
          CRC32C crc = new CRC32C();
          crc.update(bytes.duplicate());
          crcs.put(e.getKey(), (int) crc.getValue());
          writeFully(channel, bytes);
        }
        ByteBuffer header = header(sorted, crcs);
        if (header.remaining() != headerBytes) {
          throw new AssertionError("fixed-width checksums changed the header's length");
        }
        channel.position(0);
        writeFully(channel, header);
        channel.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot write safetensors file " + file + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the write already failed; that failure is the one to report
        }
      }
    }
  }

  /** The length-prefixed, space-padded JSON header for these tensors and checksums. */
  private static ByteBuffer header(Map<String, NDArray> sorted, Map<String, Integer> crcs) {
    ObjectMapper json = Json.mapper();
    ObjectNode header = json.createObjectNode();
    ObjectNode metadata = header.putObject("__metadata__").put("format", "pt");
    crcs.forEach(
        (name, crc) -> metadata.put(Safetensors.CRC_PREFIX + name, String.format("%08x", crc)));
    long offset = 0;
    for (Map.Entry<String, NDArray> e : sorted.entrySet()) {
      NDArray array = e.getValue();
      long length = array.getShape().size() * array.getDataType().getNumOfBytes();
      ObjectNode entry = header.putObject(e.getKey());
      entry.put("dtype", Safetensors.code(array.getDataType()));
      var shape = entry.putArray("shape");
      for (long dim : array.getShape().getShape()) {
        shape.add(dim);
      }
      entry.putArray("data_offsets").add(offset).add(offset + length);
      offset += length;
    }
    byte[] text;
    try {
      text = json.writeValueAsBytes(header);
    } catch (IOException e) {
      throw new AssertionError("a tree of strings and numbers always serializes", e);
    }
    // Readers expect the data to start 8-byte aligned, so the header is padded with spaces as the
    // reference does.
    int padded = (text.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(text);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    return head.flip();
  }

  private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }
}
