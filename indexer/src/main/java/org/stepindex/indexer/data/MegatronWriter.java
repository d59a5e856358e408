package org.stepindex.indexer.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.base.TempFiles;

/**
 * Writes a Megatron memory-mapped indexed dataset ({@code prefix.bin} and {@code prefix.idx}) that
 * {@link MegatronDataset} and Megatron itself can read; every sequence is its own document.
 *
 * <p>Both files are written under temporary names beside their targets and renamed into place only
 * when {@link #close()} succeeds, {@code .idx} last, so a reader never sees a half-written dataset.
 * A failed {@link #addSequence} deletes the temporary files at once; the writer is then unusable
 * and {@code close()} writes nothing.
 */
public final class MegatronWriter implements AutoCloseable {
  private static final int BUFFER_BYTES = 1 << 20;

  private final Path binPath;
  private final Path idxPath;
  private final Path binTemp;
  private final Path idxTemp;
  private final TokenDType dtype;
  private final OutputStream bin;
  private final ByteBuffer buffer =
      ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private int[] sizes = new int[1024];
  private int count;
  private boolean done;

  private MegatronWriter(Path prefix, TokenDType dtype) throws IOException {
    Path dir = prefix.toAbsolutePath().getParent();
    String name = prefix.getFileName().toString();
    this.dtype = dtype;
    this.binPath = dir.resolve(name + ".bin");
    this.idxPath = dir.resolve(name + ".idx");
    this.binTemp = TempFiles.besides(binPath);
    Path idx = null;
    OutputStream out = null;
    try {
      idx = TempFiles.besides(idxPath);
      out = Files.newOutputStream(binTemp);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(binTemp);
      deleteQuietly(idx);
      throw e;
    }
    this.idxTemp = idx;
    this.bin = out;
  }

  /**
   * Starts writing {@code prefix.bin} and {@code prefix.idx} with tokens of type {@code dtype};
   * files already there are replaced on a successful {@link #close()}.
   *
   * @throws StepIndexException if {@code dtype} cannot hold token ids or the directory cannot be
   *     written
   */
  public static MegatronWriter create(Path prefix, TokenDType dtype) {
    if (!dtype.isInteger()) {
      throw new StepIndexException(
          "cannot write tokens as " + dtype + ": token ids need an integer dtype");
    }
    try {
      return new MegatronWriter(prefix, dtype);
    } catch (IOException e) {
      throw new StepIndexException("cannot write a dataset at " + prefix + ": " + e, e);
    }
  }

  /**
   * Appends {@code tokens[off, off + len)} as the next sequence (and document).
   *
   * @throws StepIndexException if a token does not fit the dtype or writing fails; the writer is
   *     then aborted
   * @throws IllegalStateException if the writer was closed or aborted
   */
  public void addSequence(int[] tokens, int off, int len) {
    Objects.checkFromIndexSize(off, len, tokens.length);
    if (done) {
      throw new IllegalStateException("writer for " + binPath + " is closed");
    }
    try {
      for (int i = off; i < off + len; i++) {
        if (!dtype.fits(tokens[i])) {
          throw new StepIndexException(
              "token "
                  + tokens[i]
                  + " at position "
                  + (i - off)
                  + " of sequence "
                  + count
                  + " does not fit "
                  + dtype
                  + "; nothing was written to "
                  + binPath);
        }
        if (buffer.remaining() < dtype.width()) {
          flush();
        }
        put(tokens[i]);
      }
      if (count == sizes.length) {
        if (count == Integer.MAX_VALUE - 8) {
          throw new StepIndexException(
              "too many sequences for one dataset at " + binPath + "; split the corpus");
        }
        sizes = Arrays.copyOf(sizes, (int) Math.min(Integer.MAX_VALUE - 8, 2L * count));
      }
      sizes[count++] = len;
    } catch (IOException e) {
      abort();
      throw new StepIndexException("cannot write " + binTemp + ": " + e, e);
    } catch (RuntimeException e) {
      abort();
      throw e;
    }
  }

  private void put(int token) {
    switch (dtype) {
      case UINT8, INT8 -> buffer.put((byte) token);
      case UINT16, INT16 -> buffer.putShort((short) token);
      case INT32 -> buffer.putInt(token);
      case INT64 -> buffer.putLong(token);
      default -> throw new AssertionError(dtype); // rejected by create
    }
  }

  private void flush() throws IOException {
    bin.write(buffer.array(), 0, buffer.position());
    buffer.clear();
  }

  /** Returns the number of sequences added so far. */
  public long sequenceCount() {
    return count;
  }

  /**
   * Writes the {@code .idx} and moves both files into place. After a failed {@link #addSequence} it
   * writes nothing.
   *
   * @throws StepIndexException if writing or renaming fails; nothing is left half-written
   */
  @Override
  public void close() {
    if (done) {
      return;
    }
    try {
      flush();
      bin.close();
      writeIdx();
      move(binTemp, binPath);
      move(idxTemp, idxPath);
      done = true;
    } catch (IOException e) {
      abort();
      deleteQuietly(binPath); // the .idx did not move, so a .bin already moved belongs to nothing
      throw new StepIndexException("cannot write " + idxPath + ": " + e, e);
    } catch (RuntimeException e) {
      abort();
      throw e;
    }
  }

  private void writeIdx() throws IOException {
    try (OutputStream out = Files.newOutputStream(idxTemp)) {
      buffer.clear();
      buffer.put(MegatronDataset.MAGIC).putLong(MegatronDataset.VERSION).put((byte) dtype.code());
      buffer.putLong(count).putLong(count + 1L);
      for (int i = 0; i < count; i++) {
        drainIfFull(out, Integer.BYTES);
        buffer.putInt(sizes[i]);
      }
      long pointer = 0;
      for (int i = 0; i < count; i++) {
        drainIfFull(out, Long.BYTES);
        buffer.putLong(pointer);
        pointer += (long) sizes[i] * dtype.width();
      }
      // Megatron's doc_idx: document d spans sequences [doc_idx[d], doc_idx[d+1]); here one
      // sequence each.
      for (long doc = 0; doc <= count; doc++) {
        drainIfFull(out, Long.BYTES);
        buffer.putLong(doc);
      }
      out.write(buffer.array(), 0, buffer.position());
      buffer.clear();
    }
  }

  private void drainIfFull(OutputStream out, int needed) throws IOException {
    if (buffer.remaining() < needed) {
      out.write(buffer.array(), 0, buffer.position());
      buffer.clear();
    }
  }

  private void abort() {
    done = true;
    try {
      bin.close();
    } catch (IOException e) {
      // The file is deleted next; a failure to close it changes nothing.
    }
    deleteQuietly(binTemp);
    deleteQuietly(idxTemp);
  }

  private static void move(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Best effort while already failing; the original error is the one worth reporting.
    }
  }

  /**
   * Cuts {@code bin} into Hugging Face style shards {@code dir/baseName-00000-of-0000K.bin} ... at
   * the byte offsets {@code cutOffsets} (any byte, even inside a token; K is {@code
   * cutOffsets.length}, the index of the last shard). Equal offsets make empty shards. All shards
   * are written under temporary names first and renamed at the end.
   *
   * @return the shard paths, in order
   * @throws StepIndexException if {@code bin} cannot be read, the offsets are not non-decreasing
   *     within {@code [0, size of bin]}, there are more than 99,999 cuts, or a shard cannot be
   *     written
   */
  public static List<Path> splitIntoShards(Path bin, Path dir, String baseName, long[] cutOffsets) {
    if (cutOffsets.length > 99_999) {
      throw new StepIndexException(
          "cannot cut "
              + bin
              + " into "
              + (cutOffsets.length + 1)
              + " shards: at most 100,000 are numbered");
    }
    List<Path> temps = new ArrayList<>();
    try (FileChannel in = FileChannel.open(bin, StandardOpenOption.READ)) {
      long length = in.size();
      long[] bounds = new long[cutOffsets.length + 2];
      System.arraycopy(cutOffsets, 0, bounds, 1, cutOffsets.length);
      bounds[bounds.length - 1] = length;
      for (int i = 1; i < bounds.length; i++) {
        if (bounds[i] < bounds[i - 1] || bounds[i] > length) {
          throw new StepIndexException(
              "cut offsets for "
                  + bin
                  + " must be non-decreasing within [0, "
                  + length
                  + "]: "
                  + Arrays.toString(cutOffsets));
        }
      }
      int last = cutOffsets.length;
      List<Path> shards = new ArrayList<>();
      for (int i = 0; i <= last; i++) {
        Path shard = dir.resolve(String.format("%s-%05d-of-%05d.bin", baseName, i, last));
        Path temp = TempFiles.besides(shard);
        temps.add(temp);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          for (long position = bounds[i]; position < bounds[i + 1]; ) {
            long moved = in.transferTo(position, bounds[i + 1] - position, out);
            if (moved <= 0) {
              throw new IOException(bin + " shrank while it was being cut");
            }
            position += moved;
          }
        }
        shards.add(shard);
      }
      for (int i = 0; i <= last; i++) {
        move(temps.get(i), shards.get(i));
      }
      return List.copyOf(shards);
    } catch (IOException e) {
      temps.forEach(MegatronWriter::deleteQuietly);
      throw new StepIndexException("cannot cut " + bin + " into shards in " + dir + ": " + e, e);
    } catch (RuntimeException e) {
      temps.forEach(MegatronWriter::deleteQuietly);
      throw e;
    }
  }
}
