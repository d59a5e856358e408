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
import org.stepindex.indexer.StepIndexException;

/**
 * Writes NDArrays as one {@code .safetensors} file that Hugging Face's {@code safetensors} library and
 * {@link Safetensors} read.
 *
 * <p>The file is written to a temporary file beside the target and renamed into place, so a crash never leaves a
 * half-written checkpoint under the final name.
 */
public final class SafetensorsWriter {

  private SafetensorsWriter() {}

  /**
   * Writes tensors, in name order, with {@code __metadata__ {"format": "pt"}} as PyTorch checkpoints carry.
   *
   * @param file the target file; replaced if it exists
   * @param tensors name → array, each of a type safetensors holds (F64, F32, F16, BF16, integers, boolean)
   * @throws StepIndexException when the file cannot be written
   * @throws IllegalArgumentException when an array's type cannot be stored
   */
  public static void write(Path file, Map<String, NDArray> tensors) {
    Map<String, NDArray> sorted = new TreeMap<>(tensors);
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
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
    // Readers expect the data to start 8-byte aligned, so the header is padded with spaces as the reference does.
    int padded = (text.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(text);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    head.flip();

    Path parent = file.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(parent);
      temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        writeFully(channel, head);
        for (NDArray array : sorted.values()) {
          ByteBuffer bytes = array.toByteBuffer(); // native order, which DJL supports only as little-endian
          writeFully(channel, bytes);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException e) {
      throw new StepIndexException("cannot write safetensors file " + file + ": " + e.getMessage(), e);
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

  private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }
}
