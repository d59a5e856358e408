package org.stepindex.indexer.order;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.NpyArray;
import org.stepindex.indexer.data.NpyType;

/**
 * The order of an OLMo run: its token files (raw {@code numpy.memmap} files of uint16 or uint32
 * ids, or {@code .npy} files), cut into instances of {@code --seq-length} tokens ({@link
 * OlmoInstanceRule}), in the order of its {@code global_indices.npy} (a raw uint32 memmap as OLMo
 * writes it, or a {@code .npy} file). Token ids up to 2^31 - 1 are read, so OLMo's 100k vocabulary
 * works as any other.
 */
public final class OlmoOrder implements SequenceSource {
  /** The role, and option name, of the one map. */
  public static final String ROLE = "global-indices";

  private final List<NpyArray> files;
  private final NpyArray globalIndices;
  private final long[] firstInstances;
  private final int length;
  private final NpyType dtype;
  private final RecordedOrder recorded;

  private OlmoOrder(
      List<NpyArray> files,
      NpyArray globalIndices,
      long[] firstInstances,
      int length,
      NpyType dtype) {
    this.files = files;
    this.globalIndices = globalIndices;
    this.firstInstances = firstInstances;
    this.length = length;
    this.dtype = dtype;
    this.recorded =
        new RecordedOrder(
            "olmo",
            files.stream().map(f -> f.file().toAbsolutePath().toString()).toList(),
            dtype.typeName(),
            List.of(MegatronOrder.mapFile(ROLE, globalIndices)));
  }

  /**
   * Opens the token files and the global indices and checks them: one element type, each file a
   * whole number of instances, every index inside the instances and, up to their number, distinct.
   *
   * @param tokenFiles the token files, in the training config's order
   * @param globalIndices the {@code global_indices.npy} file
   * @param dtype the files' element type where they have no {@code .npy} header (OLMo's {@code
   *     memmap_dtype}); null to require headers; a header that says otherwise is refused
   * @param length tokens per instance (OLMo's {@code max_sequence_length}, stepindex's {@code
   *     --seq-length})
   * @throws StepIndexException at the first problem, in one line
   */
  public static OlmoOrder open(
      List<Path> tokenFiles, Path globalIndices, NpyType dtype, int length) {
    if (tokenFiles.isEmpty()) {
      throw new StepIndexException(
          "no OLMo token files given; pass --data FILE.npy,... in the training config's order");
    }
    List<NpyArray> opened = new ArrayList<>();
    try {
      NpyType type = dtype;
      long[] tokens = new long[tokenFiles.size()];
      for (int i = 0; i < tokenFiles.size(); i++) {
        NpyArray file = NpyArray.open(tokenFiles.get(i), dtype);
        opened.add(file);
        type = checkTokenFile(file, type, length);
        tokens[i] = file.rows() * file.columns();
      }
      NpyArray indices = NpyArray.open(globalIndices, NpyType.UINT32);
      opened.add(indices);
      if (indices.dimensions() != 1) {
        throw new StepIndexException(
            globalIndices
                + ": has shape "
                + indices.shapeText()
                + ", but global indices"
                + " are one instance number per training sequence, shape (sequences,)");
      }
      if (indices.rows() == 0) {
        throw new StepIndexException(
            globalIndices + ": holds no instances; nothing was trained on");
      }
      long[] first = OlmoInstanceRule.firstInstances(tokens, length);
      long instances = first[first.length - 1];
      Permutations.requirePermutation(
          indices,
          instances,
          "the "
              + instances
              + " instances of "
              + tokenFiles.size()
              + " token files of "
              + length
              + " tokens each");
      OlmoOrder order =
          new OlmoOrder(
              List.copyOf(opened.subList(0, tokenFiles.size())), indices, first, length, type);
      opened.clear();
      return order;
    } finally {
      opened.forEach(NpyArray::close);
    }
  }

  private static NpyType checkTokenFile(NpyArray file, NpyType expected, int length) {
    if (expected != null && file.type() != expected) {
      throw new StepIndexException(
          file.file()
              + ": holds "
              + file.type().typeName()
              + " tokens, but "
              + (file.hasHeader() ? "--dtype or an earlier file says " : "an earlier file holds ")
              + expected.typeName()
              + "; an OLMo run reads all its token files as one dtype");
    }
    if (file.fortranOrder()) {
      throw new StepIndexException(
          file.file()
              + ": is stored in Fortran order (column by column); save the instances"
              + " row by row (numpy.ascontiguousarray)");
    }
    if (file.dimensions() == 2 && file.columns() != length) {
      throw new StepIndexException(
          file.file()
              + ": has shape "
              + file.shapeText()
              + ", instances of "
              + file.columns()
              + " tokens, but --seq-length is "
              + length
              + "; pass the run's max_sequence_length");
    }
    long tokens = file.rows() * file.columns();
    if (tokens % length != 0) {
      throw new StepIndexException(
          file.file()
              + ": "
              + tokens
              + " "
              + file.type().typeName()
              + " tokens are not a whole"
              + " number of instances of "
              + length
              + " tokens ("
              + tokens / length
              + " instances and "
              + tokens % length
              + " tokens over); pass the run's max_sequence_length as --seq-length and its memmap_dtype as --dtype");
    }
    return file.type();
  }

  @Override
  public long sequenceCount() {
    return globalIndices.rows();
  }

  @Override
  public int size(long sequence) {
    checkSequence(sequence);
    return length;
  }

  @Override
  public int maxSize() {
    return length;
  }

  @Override
  public long totalTokens() {
    return globalIndices.rows() * length;
  }

  /** Returns the number of instances the token files hold. */
  public long instances() {
    return firstInstances[firstInstances.length - 1];
  }

  @Override
  public int read(long sequence, int[] dst) {
    checkSequence(sequence);
    if (dst.length < length) {
      throw new IllegalArgumentException(
          "instance has " + length + " tokens; dst holds " + dst.length);
    }
    OlmoInstanceRule.Location at =
        OlmoInstanceRule.locate(globalIndices.get(sequence), firstInstances, length);
    files.get(at.file()).readTokens(at.firstToken(), length, dst, 0);
    return length;
  }

  private void checkSequence(long sequence) {
    if (sequence < 0 || sequence >= globalIndices.rows()) {
      throw new StepIndexException(
          "training sequence "
              + sequence
              + " is out of range: "
              + globalIndices.file()
              + " orders sequences 0 to "
              + (globalIndices.rows() - 1));
    }
  }

  /**
   * SHA-256 of each file's length and first instance: cheap on terabytes, and a swapped or re-cut
   * file shows.
   */
  @Override
  public String dataFingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(("olmo " + dtype.typeName() + " " + length).getBytes(StandardCharsets.US_ASCII));
      int[] ids = new int[length];
      ByteBuffer bytes = ByteBuffer.allocate(8 + 4 * length).order(ByteOrder.LITTLE_ENDIAN);
      for (NpyArray file : files) {
        bytes.clear();
        long tokens = file.rows() * file.columns();
        bytes.putLong(tokens);
        if (tokens > 0) {
          file.readTokens(0, length, ids, 0);
          bytes.asIntBuffer().put(ids);
          bytes.position(bytes.position() + 4 * length);
        }
        sha.update(bytes.array(), 0, bytes.position());
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }

  @Override
  public RecordedOrder recorded() {
    return recorded;
  }

  @Override
  public String describe() {
    return "the olmo order of " + files.size() + " token files";
  }

  @Override
  public void close() {
    files.forEach(NpyArray::close);
    globalIndices.close();
  }
}
