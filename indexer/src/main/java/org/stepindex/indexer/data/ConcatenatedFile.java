package org.stepindex.indexer.data;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Several files mapped read-only, in order, and read as one virtual file, as Hugging Face cuts a
 * {@code .bin} into byte-range shards. The cuts fall at arbitrary bytes, so a range may straddle
 * files; such a range is stitched into a heap copy, while a range inside one file is returned as a
 * zero-copy view of the mapping.
 */
final class ConcatenatedFile {
  private final List<Path> files;
  private final MemorySegment[] segments;

  /** starts[i] is the virtual offset of file i; starts[files.size()] is the total length. */
  private final long[] starts;

  private ConcatenatedFile(List<Path> files, MemorySegment[] segments, long[] starts) {
    this.files = files;
    this.segments = segments;
    this.starts = starts;
  }

  /**
   * Maps every file of {@code files} in {@code arena}; the mappings live until the arena is closed.
   */
  static ConcatenatedFile map(List<Path> files, Arena arena) {
    MemorySegment[] segments = new MemorySegment[files.size()];
    long[] starts = new long[files.size() + 1];
    for (int i = 0; i < segments.length; i++) {
      segments[i] = mapReadOnly(files.get(i), arena);
      starts[i + 1] = starts[i] + segments[i].byteSize();
    }
    return new ConcatenatedFile(List.copyOf(files), segments, starts);
  }

  /** Maps one whole file read-only in {@code arena}. */
  static MemorySegment mapReadOnly(Path file, Arena arena) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
    } catch (IOException e) {
      throw new StepIndexException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Returns the files, in order. */
  List<Path> files() {
    return files;
  }

  /** Returns the total length in bytes, the sum of the file lengths. */
  long length() {
    return starts[starts.length - 1];
  }

  /**
   * Returns the {@code length} bytes at virtual {@code offset}: a view of the mapping when they lie
   * in one file, else a heap copy stitched from the files they span. The caller has checked that
   * the range lies within {@link #length()}.
   */
  MemorySegment slice(long offset, long length) {
    if (length == 0) {
      return MemorySegment.NULL;
    }
    int file = fileAt(offset);
    long end = offset + length;
    if (end <= starts[file + 1]) {
      return segments[file].asSlice(offset - starts[file], length);
    }
    MemorySegment copy = MemorySegment.ofArray(new byte[Math.toIntExact(length)]);
    long done = 0;
    for (long position = offset; position < end; file++) {
      long n = Math.min(end, starts[file + 1]) - position;
      MemorySegment.copy(segments[file], position - starts[file], copy, done, n);
      done += n;
      position += n;
    }
    return copy;
  }

  /** Returns the index of the file holding the byte at {@code offset}, skipping empty files. */
  private int fileAt(long offset) {
    // The last file starting at or before offset; an empty file shares its start with the next, so
    // it is skipped.
    int lo = 0;
    int hi = segments.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}
