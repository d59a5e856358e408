package org.stepindex.indexer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code .npy} and raw memmap files byte by byte for the tests, good ones and broken ones,
 * independently of {@link NpyArray}: the header says whatever the test gives it.
 */
public final class NpyFiles {
  private NpyFiles() {}

  /** A 1-D or 2-D {@code .npy} file, format 1.0, C order. */
  public static Path write(Path file, String descr, String shape, int width, long... values) {
    return write(file, 1, descr, shape, false, width, values);
  }

  /**
   * A {@code .npy} file of format {@code version} (1 to 3) whose header holds {@code descr}, {@code
   * fortran} and {@code shape} as given and whose data is {@code values} as elements of {@code
   * width} bytes (floats where the descr says {@code f}), little-endian unless the descr says
   * {@code >}.
   */
  public static Path write(
      Path file,
      int version,
      String descr,
      String shape,
      boolean fortran,
      int width,
      long... values) {
    String dict =
        "{'descr': '"
            + descr
            + "', 'fortran_order': "
            + (fortran ? "True" : "False")
            + ", 'shape': "
            + shape
            + ", }";
    int prefix = version == 1 ? 10 : 12;
    String header = dict + " ".repeat((64 - (prefix + dict.length() + 1) % 64) % 64) + "\n";
    ByteBuffer out =
        ByteBuffer.allocate(prefix + header.length() + width * values.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    if (version == 1) {
      out.putShort((short) header.length());
    } else {
      out.putInt(header.length());
    }
    out.put(header.getBytes(StandardCharsets.US_ASCII));
    out.order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    for (long value : values) {
      put(out, width, value, descr.contains("f"));
    }
    return save(file, out.array());
  }

  /** Raw little-endian elements of {@code width} bytes, as {@code numpy.memmap} writes them. */
  public static Path raw(Path file, int width, long... values) {
    ByteBuffer out = ByteBuffer.allocate(width * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long value : values) {
      put(out, width, value, false);
    }
    return save(file, out.array());
  }

  private static void put(ByteBuffer out, int width, long value, boolean floating) {
    switch (width) {
      case 1 -> out.put((byte) value);
      case 2 -> out.putShort((short) value);
      case 4 -> {
        if (floating) {
          out.putFloat(value);
        } else {
          out.putInt((int) value);
        }
      }
      default -> out.putLong(value);
    }
  }

  private static Path save(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
