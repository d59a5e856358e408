package org.stepindex.indexer.data;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stepindex.indexer.base.StepIndexException;

/**
 * A memory-mapped NumPy integer array of one or two dimensions, read-only: a {@code .npy} file
 * (format versions 1 to 3, C or Fortran order) or a headerless file of raw little-endian elements,
 * as {@code numpy.memmap} writes them (OLMo's token files and its {@code global_indices.npy} are
 * such files, whatever their name says).
 *
 * <p>Opening checks the header and that the file holds exactly the bytes its shape needs, so no
 * read faults later; each problem is one line naming the file. Reads are thread-safe; {@link
 * #close()} unmaps the file.
 */
public final class NpyArray implements AutoCloseable {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR =
      Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
  private static final Pattern FORTRAN =
      Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");
  private static final ValueLayout.OfShort SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final Path file;
  private final Arena arena;
  private final MemorySegment whole;
  private final MemorySegment data;
  private final NpyType type;
  private final long[] shape;
  private final boolean fortran;
  private final boolean hasHeader;

  private NpyArray(
      Path file,
      Arena arena,
      MemorySegment whole,
      long dataOffset,
      NpyType type,
      long[] shape,
      boolean fortran,
      boolean hasHeader) {
    this.file = file;
    this.arena = arena;
    this.whole = whole;
    this.data = whole.asSlice(dataOffset);
    this.type = type;
    this.shape = shape;
    this.fortran = fortran;
    this.hasHeader = hasHeader;
  }

  /**
   * Opens a {@code .npy} file.
   *
   * @throws StepIndexException if the file is missing, not a {@code .npy} file, of a type other
   *     than an integer type, of more than two dimensions, or shorter or longer than its header's
   *     shape needs
   */
  public static NpyArray open(Path file) {
    return map(file, null);
  }

  /**
   * Opens {@code file} as a {@code .npy} file when it starts with NumPy's magic, else as raw
   * elements of {@code rawType} (a {@code numpy.memmap} file), one dimension.
   *
   * @param rawType the element type of a headerless file; null to require a header
   * @throws StepIndexException as {@link #open}, or if a headerless file is not a whole number of
   *     elements, or has no header while {@code rawType} is null
   */
  public static NpyArray open(Path file, NpyType rawType) {
    return map(file, rawType);
  }

  private static NpyArray map(Path file, NpyType rawType) {
    Arena arena = Arena.ofShared();
    try {
      MemorySegment whole;
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        whole = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
      } catch (IOException e) {
        throw new StepIndexException("cannot read " + file + ": " + e.getMessage(), e);
      }
      NpyArray array =
          startsWithMagic(whole) ? parse(file, arena, whole) : raw(file, arena, whole, rawType);
      arena = null; // owned by the array now
      return array;
    } finally {
      if (arena != null) {
        arena.close();
      }
    }
  }

  private static boolean startsWithMagic(MemorySegment whole) {
    return whole.byteSize() >= MAGIC.length
        && MemorySegment.mismatch(
                whole, 0, MAGIC.length, MemorySegment.ofArray(MAGIC), 0, MAGIC.length)
            < 0;
  }

  private static NpyArray raw(Path file, Arena arena, MemorySegment whole, NpyType type) {
    if (type == null) {
      throw new StepIndexException(
          file
              + ": not a .npy file (it does not start with \\x93NUMPY); if it is a raw"
              + " numpy.memmap file, give its dtype");
    }
    if (whole.byteSize() % type.width() != 0) {
      throw new StepIndexException(
          file
              + ": "
              + whole.byteSize()
              + " bytes is not a whole number of "
              + type.typeName()
              + " elements ("
              + type.width()
              + " bytes each); the file is truncated or of another dtype");
    }
    return new NpyArray(
        file, arena, whole, 0, type, new long[] {whole.byteSize() / type.width()}, false, false);
  }

  private static NpyArray parse(Path file, Arena arena, MemorySegment whole) {
    long size = whole.byteSize();
    if (size < 10) {
      throw truncated(file, size + " bytes cannot hold a .npy header");
    }
    int major = Byte.toUnsignedInt(whole.get(ValueLayout.JAVA_BYTE, 6));
    if (major < 1 || major > 3) {
      throw new StepIndexException(
          file + ": .npy format version " + major + " is unknown (NumPy writes 1 to 3)");
    }
    long headerStart = major == 1 ? 10 : 12;
    if (size < headerStart) {
      throw truncated(file, size + " bytes cannot hold a .npy header");
    }
    long headerLength =
        major == 1
            ? Short.toUnsignedInt(whole.get(SHORT, 8))
            : Integer.toUnsignedLong(whole.get(INT, 8));
    if (headerStart + headerLength > size) {
      throw truncated(
          file,
          "its header needs " + (headerStart + headerLength) + " bytes, the file has " + size);
    }
    byte[] headerBytes = whole.asSlice(headerStart, headerLength).toArray(ValueLayout.JAVA_BYTE);
    String header =
        new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shapeText = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shapeText.find()) {
      throw new StepIndexException(
          file
              + ": the .npy header "
              + header.strip()
              + " lacks a plain descr, fortran_order"
              + " or shape; this is not an integer array NumPy saved");
    }
    NpyType type = NpyType.fromDescr(descr.group(1), file.toString());
    long[] shape = parseShape(file, shapeText.group(1));
    long dataOffset = headerStart + headerLength;
    long needed;
    try {
      needed = type.width();
      for (long dim : shape) {
        needed = Math.multiplyExact(needed, dim);
      }
    } catch (ArithmeticException e) {
      throw new StepIndexException(
          file + ": shape " + describe(shape) + " is too large to be a real array");
    }
    long held = size - dataOffset;
    if (held < needed) {
      throw truncated(
          file,
          "shape "
              + describe(shape)
              + " of "
              + type.typeName()
              + " needs "
              + needed
              + " bytes of"
              + " data, the file holds "
              + held);
    }
    if (held > needed) {
      throw new StepIndexException(
          file
              + ": "
              + (held - needed)
              + " bytes follow the "
              + needed
              + " bytes that shape "
              + describe(shape)
              + " of "
              + type.typeName()
              + " needs; this is not a file NumPy saved");
    }
    return new NpyArray(
        file, arena, whole, dataOffset, type, shape, fortran.group(1).equals("True"), true);
  }

  private static long[] parseShape(Path file, String text) {
    String[] parts =
        Arrays.stream(text.split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toArray(String[]::new);
    if (parts.length < 1 || parts.length > 2) {
      throw new StepIndexException(
          file
              + ": shape ("
              + text.strip()
              + ") has "
              + parts.length
              + " dimensions; an"
              + " index map or token file has one or two");
    }
    long[] shape = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        shape[i] =
            Long.parseLong(
                parts[i].endsWith("L") ? parts[i].substring(0, parts[i].length() - 1) : parts[i]);
      } catch (NumberFormatException e) {
        shape[i] = -1;
      }
      if (shape[i] < 0) {
        throw new StepIndexException(
            file + ": shape (" + text.strip() + ") is not a list of sizes");
      }
    }
    return shape;
  }

  private static StepIndexException truncated(Path file, String detail) {
    return new StepIndexException(
        file + ": truncated .npy file (" + detail + "); copy or download it again");
  }

  /** Returns a shape as NumPy prints it, e.g. {@code (5,)} or {@code (5, 2)}. */
  public static String describe(long[] shape) {
    return shape.length == 1 ? "(" + shape[0] + ",)" : "(" + shape[0] + ", " + shape[1] + ")";
  }

  /** Returns the file. */
  public Path file() {
    return file;
  }

  /** Returns the element type. */
  public NpyType type() {
    return type;
  }

  /** Returns the shape, one or two sizes. */
  public long[] shape() {
    return shape.clone();
  }

  /** Returns the shape as NumPy prints it. */
  public String shapeText() {
    return describe(shape);
  }

  /** Returns the number of dimensions, 1 or 2. */
  public int dimensions() {
    return shape.length;
  }

  /**
   * Returns the size of the first dimension: the elements of a 1-D array, the rows of a 2-D one.
   */
  public long rows() {
    return shape[0];
  }

  /** Returns the size of the second dimension, 1 for a 1-D array. */
  public long columns() {
    return shape.length == 1 ? 1 : shape[1];
  }

  /** Returns whether a 2-D array is stored column by column (NumPy's {@code fortran_order}). */
  public boolean fortranOrder() {
    return fortran && shape.length == 2;
  }

  /**
   * Returns whether the file has a {@code .npy} header (false for a raw {@code numpy.memmap} file).
   */
  public boolean hasHeader() {
    return hasHeader;
  }

  /** Returns the file's length in bytes, header included. */
  public long fileBytes() {
    return whole.byteSize();
  }

  /**
   * Returns element {@code index} of a 1-D array, widened to a long (a uint64 above {@link
   * Long#MAX_VALUE} is negative). The caller keeps {@code index} in range.
   */
  public long get(long index) {
    return read(index * type.width());
  }

  /**
   * Returns element {@code [row, column]} of a 2-D array (or of a 1-D one with column 0), in either
   * order.
   */
  public long get(long row, long column) {
    long flat = fortran ? column * shape[0] + row : row * columns() + column;
    return read(flat * type.width());
  }

  private long read(long byteOffset) {
    return switch (type) {
      case UINT8 -> Byte.toUnsignedLong(data.get(ValueLayout.JAVA_BYTE, byteOffset));
      case INT8 -> data.get(ValueLayout.JAVA_BYTE, byteOffset);
      case UINT16 -> Short.toUnsignedLong(data.get(SHORT, byteOffset));
      case INT16 -> data.get(SHORT, byteOffset);
      case UINT32 -> Integer.toUnsignedLong(data.get(INT, byteOffset));
      case INT32 -> data.get(INT, byteOffset);
      case UINT64, INT64 -> data.get(LONG, byteOffset);
    };
  }

  /**
   * Copies elements {@code [from, from + count)} of an array of token ids, in C order (the caller
   * refuses a 2-D array in Fortran order), into {@code dst[at, at + count)}: the token path for
   * every width, ids up to {@link Integer#MAX_VALUE} (OLMo's 100k vocabulary, any other).
   *
   * @throws StepIndexException if an element is negative or does not fit an {@code int}, naming its
   *     position
   */
  public void readTokens(long from, int count, int[] dst, int at) {
    long offset = from * type.width();
    switch (type) {
      case UINT16 -> {
        for (int i = 0; i < count; i++) {
          dst[at + i] = Short.toUnsignedInt(data.get(SHORT, offset + 2L * i));
        }
      }
      case INT32, UINT32 -> {
        MemorySegment.copy(data, INT, offset, dst, at, count);
        for (int i = 0; i < count; i++) {
          if (dst[at + i] < 0) {
            throw badToken(
                from + i,
                type == NpyType.UINT32 ? Integer.toUnsignedLong(dst[at + i]) : dst[at + i]);
          }
        }
      }
      default -> {
        for (int i = 0; i < count; i++) {
          long id = read(offset + (long) type.width() * i);
          if (id < 0 || id > Integer.MAX_VALUE) {
            throw badToken(from + i, id);
          }
          dst[at + i] = (int) id;
        }
      }
    }
  }

  private StepIndexException badToken(long position, long id) {
    return new StepIndexException(
        file
            + ": element "
            + position
            + " is "
            + (type == NpyType.UINT64 && id < 0 ? Long.toUnsignedString(id) : Long.toString(id))
            + ", which is not a token id (0 to "
            + Integer.MAX_VALUE
            + ")");
  }

  /** Unmaps the file; no method may be called afterwards. */
  @Override
  public void close() {
    arena.close();
  }
}
