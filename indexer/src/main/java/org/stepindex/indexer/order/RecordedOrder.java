package org.stepindex.indexer.order;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.stepindex.indexer.base.StepIndexException;

/**
 * What an index's manifest records of the order its sequences were read in: the kind, the token
 * files (OLMo's list; the dataset of the other orders is the manifest's data), and each map file
 * with its size and CRC32C. Two builds read the same order when the kinds and every map's size and
 * checksum agree; paths are informational.
 *
 * @param kind {@code megatron} or {@code olmo} (the pre-shuffled order is recorded by leaving the
 *     field out)
 * @param dataFiles the token files, in order, for {@code olmo}; empty otherwise
 * @param dtype the token files' element type for {@code olmo} ({@code uint16}, {@code uint32});
 *     null otherwise
 * @param maps the map files, in a fixed order of roles
 */
public record RecordedOrder(String kind, List<String> dataFiles, String dtype, List<MapFile> maps) {

  /**
   * One map file.
   *
   * @param role its option name without dashes: {@code doc-idx}, {@code sample-idx}, {@code
   *     shuffle-idx}, {@code global-indices}
   * @param path where it was read from (informational, and where {@code verify} and {@code
   *     --add-view} look first)
   * @param bytes its length
   * @param crc32c the CRC32C of its bytes, 8 lowercase hex digits
   * @param shape its shape as NumPy prints it, e.g. {@code (146432000,)}
   * @param dtype its element type, e.g. {@code uint32}
   */
  public record MapFile(
      String role, String path, long bytes, String crc32c, String shape, String dtype) {
    /** Whether {@code other} has the same role, length and checksum (the path may differ). */
    public boolean sameContent(MapFile other) {
      return role.equals(other.role) && bytes == other.bytes && crc32c.equals(other.crc32c);
    }

    /**
     * What is wrong with the file at {@link #path()} now: null when it has this length and
     * checksum.
     */
    public String problemOnDisk() {
      Path file = Path.of(path);
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        if (channel.size() != bytes) {
          return file
              + " has "
              + channel.size()
              + " bytes, the "
              + role
              + " map the index was built from had "
              + bytes;
        }
        String now = RecordedOrder.crc32c(file);
        return now.equals(crc32c)
            ? null
            : file
                + " has CRC32C "
                + now
                + ", the "
                + role
                + " map the index was built"
                + " from had "
                + crc32c
                + ": it changed, or is another run's";
      } catch (IOException e) {
        return "cannot read the " + role + " map " + file + ": " + e.getMessage();
      }
    }
  }

  /** The CRC32C of a file's bytes, 8 lowercase hex digits: what a manifest records of a map. */
  static String crc32c(Path file) {
    CRC32C crc = new CRC32C();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        crc.update(buffer);
        buffer.clear();
      }
    } catch (IOException e) {
      throw new StepIndexException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return String.format("%08x", crc.getValue());
  }

  public RecordedOrder {
    dataFiles = dataFiles == null ? List.of() : List.copyOf(dataFiles);
    maps = List.copyOf(maps);
  }

  /**
   * Whether {@code other} is the same order over the same maps: kinds and every map's content
   * agree.
   */
  public boolean sameOrder(RecordedOrder other) {
    if (other == null
        || !kind.equals(other.kind)
        || !Objects.equals(dtype, other.dtype)
        || maps.size() != other.maps.size()) {
      return false;
    }
    for (int i = 0; i < maps.size(); i++) {
      if (!maps.get(i).sameContent(other.maps.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The first map that is not on disk as recorded, described in one line; null when every map is.
   */
  public String problemOnDisk() {
    for (MapFile map : maps) {
      String problem = map.problemOnDisk();
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /**
   * The {@code index} options, {@code --data} aside, that read this order again, for commands
   * stepindex prints.
   */
  public String commandOptions() {
    StringBuilder out = new StringBuilder(" --order ").append(kind);
    if (dtype != null) {
      out.append(" --dtype ").append(dtype);
    }
    for (MapFile map : maps) {
      out.append(" --").append(map.role()).append(' ').append(map.path());
    }
    return out.toString();
  }

  /** One line for {@code stats}: the kind and each map's role, file name, size and checksum. */
  public String summary() {
    StringBuilder out = new StringBuilder(kind);
    if (!dataFiles.isEmpty()) {
      out.append(", ").append(dataFiles.size()).append(" token files of ").append(dtype);
    }
    for (MapFile map : maps) {
      out.append("; ")
          .append(map.role())
          .append(' ')
          .append(fileName(map.path()))
          .append(' ')
          .append(map.shape())
          .append(' ')
          .append(map.dtype())
          .append(", ")
          .append(map.bytes())
          .append(" bytes, crc32c ")
          .append(map.crc32c());
    }
    return out.toString();
  }

  private static String fileName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
