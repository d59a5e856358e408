package org.stepindex.eval.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Reads one {@code .safetensors} file: an 8-byte little-endian header length, a JSON header {@code
 * {name: {dtype, shape, data_offsets}}} (plus an optional {@code __metadata__}), then the raw
 * little-endian tensor bytes, offsets counted from the end of the header.
 *
 * <p>The file is memory-mapped for the lifetime of this object; {@link #read} copies one tensor
 * into engine memory, so arrays outlive {@link #close}.
 *
 * <p>Safetensors has no checksum of its own, so a flipped byte inside a tensor leaves a valid file.
 * Files written by {@link SafetensorsWriter} record each tensor's CRC32C in {@code __metadata__}
 * ({@code "crc32c.NAME"}), and {@link #read} checks it; files without it (e.g. from the Hugging
 * Face Hub, whose downloads are checked by their hashes) are read as they are.
 */
public final class Safetensors implements AutoCloseable {

  /**
   * The metadata key prefix under which {@link SafetensorsWriter} records a tensor's CRC32C (8 hex
   * digits).
   */
  static final String CRC_PREFIX = "crc32c.";

  /**
   * Headers are JSON text of a few hundred bytes per tensor; anything near this is a broken or
   * foreign file.
   */
  private static final long MAX_HEADER_BYTES = 100L << 20;

  /** Where a tensor lies in the file and what it holds. */
  public record Entry(String name, DataType dataType, Shape shape, long offset, long byteLength) {}

  private final Path file;
  private final Arena arena;
  private final MemorySegment data;
  private final Map<String, Entry> entries;
  private final Map<String, Integer> checksums;

  private Safetensors(
      Path file,
      Arena arena,
      MemorySegment data,
      Map<String, Entry> entries,
      Map<String, Integer> checksums) {
    this.file = file;
    this.arena = arena;
    this.data = data;
    this.entries = entries;
    this.checksums = checksums;
  }

  /**
   * Opens and validates a safetensors file: the header must parse, every tensor's byte range must
   * match its dtype and shape and lie inside the file.
   *
   * @param file the {@code .safetensors} file
   * @return the open file
   * @throws StepIndexException when the file is missing, unreadable or not valid safetensors
   */
  public static Safetensors open(Path file) {
    Arena arena = Arena.ofShared();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < 8) {
        throw invalid(file, "shorter than the 8-byte header length");
      }
      MemorySegment whole = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
      long headerLength =
          whole.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
      if (headerLength < 2 || headerLength > Math.min(MAX_HEADER_BYTES, size - 8)) {
        throw invalid(
            file, "header length " + headerLength + " does not fit a file of " + size + " bytes");
      }
      byte[] header = whole.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
      MemorySegment data = whole.asSlice(8 + headerLength);
      JsonNode root = parseJson(file, header);
      Map<String, Entry> entries = parseEntries(file, root, data.byteSize());
      return new Safetensors(file, arena, data, entries, parseChecksums(file, root, entries));
    } catch (NoSuchFileException e) {
      arena.close();
      throw new StepIndexException("safetensors file not found: " + file);
    } catch (IOException e) {
      arena.close();
      throw new StepIndexException(
          "cannot read safetensors file " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  private static JsonNode parseJson(Path file, byte[] header) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(header);
    } catch (IOException e) {
      throw invalid(file, "the header is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw invalid(file, "the header is not a JSON object");
    }
    return root;
  }

  /**
   * The CRC32Cs the metadata records, by tensor; each must name a tensor of the file and be 8 hex
   * digits.
   */
  private static Map<String, Integer> parseChecksums(
      Path file, JsonNode root, Map<String, Entry> entries) {
    Map<String, Integer> checksums = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("__metadata__").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getKey().startsWith(CRC_PREFIX)) {
        continue;
      }
      String tensor = field.getKey().substring(CRC_PREFIX.length());
      String hex = field.getValue().asText("");
      if (!entries.containsKey(tensor) || !hex.matches("[0-9a-f]{8}")) {
        throw invalid(
            file,
            "its metadata records a checksum \""
                + hex
                + "\" for "
                + (entries.containsKey(tensor)
                    ? "tensor '" + tensor + "' that is not 8 hex digits"
                    : "a tensor '" + tensor + "' it does not hold"));
      }
      checksums.put(tensor, Integer.parseUnsignedInt(hex, 16));
    }
    return Collections.unmodifiableMap(checksums);
  }

  private static Map<String, Entry> parseEntries(Path file, JsonNode root, long dataSize) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      if (name.equals("__metadata__")) {
        continue;
      }
      JsonNode node = field.getValue();
      JsonNode shapeNode = node.path("shape");
      JsonNode offsets = node.path("data_offsets");
      if (!shapeNode.isArray()
          || !offsets.isArray()
          || offsets.size() != 2
          || !node.path("dtype").isTextual()) {
        throw invalid(file, "tensor '" + name + "' lacks dtype, shape or data_offsets");
      }
      long[] dims = new long[shapeNode.size()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = shapeNode.get(i).asLong(-1);
        if (dims[i] < 0) {
          throw invalid(file, "tensor '" + name + "' has a negative dimension");
        }
      }
      Shape shape = new Shape(dims);
      DataType dataType = dataType(file, name, node.get("dtype").asText());
      long begin = offsets.get(0).asLong(-1);
      long end = offsets.get(1).asLong(-1);
      long expected = shape.size() * dataType.getNumOfBytes();
      if (begin < 0 || end < begin || end > dataSize || end - begin != expected) {
        throw invalid(
            file,
            "tensor '"
                + name
                + "' has data_offsets ["
                + begin
                + ", "
                + end
                + "] that do not hold "
                + expected
                + " bytes inside the "
                + dataSize
                + " data bytes");
      }
      entries.put(name, new Entry(name, dataType, shape, begin, end - begin));
    }
    return Collections.unmodifiableMap(entries);
  }

  /** Safetensors dtype codes; U16/U32/U64 have no DJL type and so are refused. */
  private static DataType dataType(Path file, String tensor, String code) {
    return switch (code) {
      case "F64" -> DataType.FLOAT64;
      case "F32" -> DataType.FLOAT32;
      case "F16" -> DataType.FLOAT16;
      case "BF16" -> DataType.BFLOAT16;
      case "I64" -> DataType.INT64;
      case "I32" -> DataType.INT32;
      case "I16" -> DataType.INT16;
      case "I8" -> DataType.INT8;
      case "U8" -> DataType.UINT8;
      case "BOOL" -> DataType.BOOLEAN;
      default -> throw invalid(file, "tensor '" + tensor + "' has unsupported dtype " + code);
    };
  }

  /**
   * Returns the safetensors dtype code of a DJL data type, the inverse of what {@link #open}
   * accepts.
   *
   * @param dataType a DJL data type
   * @return its code, e.g. {@code F32}
   * @throws IllegalArgumentException for a type safetensors cannot hold here
   */
  static String code(DataType dataType) {
    return switch (dataType) {
      case FLOAT64 -> "F64";
      case FLOAT32 -> "F32";
      case FLOAT16 -> "F16";
      case BFLOAT16 -> "BF16";
      case INT64 -> "I64";
      case INT32 -> "I32";
      case INT16 -> "I16";
      case INT8 -> "I8";
      case UINT8 -> "U8";
      case BOOLEAN -> "BOOL";
      default -> throw new IllegalArgumentException("safetensors cannot store " + dataType);
    };
  }

  private static StepIndexException invalid(Path file, String why) {
    return new StepIndexException("not a valid safetensors file " + file + ": " + why);
  }

  /**
   * Returns the names of the tensors, in header order.
   *
   * @return the tensor names
   */
  public Set<String> names() {
    return entries.keySet();
  }

  /**
   * Returns where a tensor lies and what it holds.
   *
   * @param name the tensor name
   * @return its entry, or null when the file has no such tensor
   */
  public Entry entry(String name) {
    return entries.get(name);
  }

  /**
   * Copies a tensor into a new NDArray of its stored type and shape; BF16 tensors come back as
   * float32 (exactly), since DJL's PyTorch engine cannot create bfloat16 arrays. When the file
   * records the tensor's CRC32C, its bytes are checked first.
   *
   * @param name the tensor name
   * @param manager the manager (and so device) of the new array
   * @return the tensor
   * @throws IllegalArgumentException when the file has no such tensor
   * @throws StepIndexException when the tensor's bytes do not match the checksum the file records
   */
  public NDArray read(String name, NDManager manager) {
    Entry entry = entries.get(name);
    if (entry == null) {
      throw new IllegalArgumentException(file + " has no tensor " + name);
    }
    ByteBuffer bytes =
        data.asSlice(entry.offset(), entry.byteLength())
            .asByteBuffer()
            .order(ByteOrder.LITTLE_ENDIAN);
    Integer recorded = checksums.get(name);
    if (recorded != null) {
      CRC32C crc = new CRC32C();
      crc.update(bytes.duplicate());
      if ((int) crc.getValue() != recorded) {
        throw new StepIndexException(
            "the safetensors file "
                + file
                + " is damaged: tensor '"
                + name
                + "' does not match the CRC32C its header records; copy the file again or write the checkpoint anew");
      }
    }
    if (entry.dataType() == DataType.BFLOAT16) {
      return manager.create(widenBfloat16(bytes), entry.shape());
    }
    // DJL's PyTorch engine wraps a direct buffer without copying it (torch::from_blob), and the
    // mapping goes away on
    // close: so the wrapped view is copied into engine-owned memory at once.
    try (NDArray view = manager.create(bytes, entry.shape(), entry.dataType())) {
      return view.duplicate();
    }
  }

  /**
   * bfloat16 is the top half of a float32, so widening is exact. DJL 0.36's PyTorch engine aborts
   * the JVM when it creates a bfloat16 array (from a buffer or by {@code toType}), so such tensors
   * are read as float32.
   */
  private static float[] widenBfloat16(ByteBuffer bytes) {
    float[] out = new float[bytes.remaining() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = Float.intBitsToFloat((bytes.getShort(2 * i) & 0xffff) << 16);
    }
    return out;
  }

  /**
   * Whether the file records a checksum for every tensor it holds (as {@link SafetensorsWriter}
   * writes).
   *
   * @return true when each {@link #read} is checked
   */
  public boolean checksummed() {
    return checksums.size() == entries.size();
  }

  /**
   * Returns the file this reads.
   *
   * @return the path
   */
  public Path file() {
    return file;
  }

  /** Unmaps the file; arrays already read stay valid. */
  @Override
  public void close() {
    arena.close();
  }
}
