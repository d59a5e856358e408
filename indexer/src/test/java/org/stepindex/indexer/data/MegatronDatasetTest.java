package org.stepindex.indexer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.stepindex.indexer.base.StepIndexException;

class MegatronDatasetTest {
  @TempDir Path dir;

  /** Asserts that {@code dataset} holds exactly {@code sequences}, stored back to back. */
  static void assertHolds(int[][] sequences, MegatronDataset dataset) {
    assertEquals(sequences.length, dataset.sequenceCount());
    int[] dst = new int[dataset.maxSize()];
    long pointer = 0;
    long total = 0;
    for (int i = 0; i < sequences.length; i++) {
      assertEquals(sequences[i].length, dataset.size(i));
      assertEquals(pointer, dataset.pointer(i));
      Arrays.fill(dst, -7);
      int n = dataset.read(i, dst);
      assertArrayEquals(sequences[i], Arrays.copyOf(dst, n), "sequence " + i);
      pointer += (long) n * dataset.dtype().width();
      total += n;
    }
    assertEquals(total, dataset.totalTokens());
    assertEquals(pointer, dataset.binLength());
    assertEquals(
        Arrays.stream(sequences).mapToInt(s -> s.length).max().orElse(0), dataset.maxSize());
  }

  @ParameterizedTest
  @EnumSource(names = {"UINT16", "INT32"})
  void readsBackWhatTheWriterWrote(TokenDType dtype) {
    Random random = new Random(42);
    int[][] sequences =
        ReferenceFormat.randomSequences(
            random, 200, 2049, MegatronWriterTest.min(dtype), MegatronWriterTest.max(dtype));
    MegatronWriterTest.write(dir.resolve("document"), dtype, sequences);
    try (MegatronDataset dataset = MegatronDataset.open(dir.resolve("document"))) {
      assertEquals(dtype, dataset.dtype());
      assertHolds(sequences, dataset);
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"UINT8", "INT8", "INT16", "INT32", "INT64", "UINT16"})
  void widensEveryIntegerTypeFromReferenceBytes(TokenDType dtype) throws IOException {
    long min = MegatronWriterTest.min(dtype);
    long max = MegatronWriterTest.max(dtype);
    int[][] sequences =
        ReferenceFormat.randomSequences(new Random(dtype.code()), 30, 100, min, max);
    sequences[0] = new int[] {(int) min, (int) max, 0, 1};
    Path prefix =
        ReferenceFormat.write(
            dir.resolve("document"),
            ReferenceFormat.idx(sequences, dtype.code(), dtype.width()),
            ReferenceFormat.bin(sequences, dtype.width()));
    try (MegatronDataset dataset = MegatronDataset.open(prefix)) {
      assertHolds(sequences, dataset);
    }
  }

  @Test
  void opensByPrefixIdxBinOrDirectory() throws IOException {
    int[][] sequences = {{1, 2, 3}, {4}, {}};
    MegatronWriterTest.write(dir.resolve("document"), TokenDType.UINT16, sequences);
    Files.createDirectory(dir.resolve("other"));
    MegatronWriterTest.write(dir.resolve("other").resolve("train"), TokenDType.UINT16, sequences);

    for (Path path :
        List.of(
            dir.resolve("document"),
            dir.resolve("document.idx"),
            dir.resolve("document.bin"),
            dir,
            dir.resolve("other"))) {
      try (MegatronDataset dataset = MegatronDataset.open(path)) {
        assertHolds(sequences, dataset);
        String name = path.startsWith(dir.resolve("other")) ? "train" : "document";
        assertEquals(name + ".idx", dataset.idxPath().getFileName().toString(), path.toString());
        assertEquals(
            List.of(name + ".bin"),
            dataset.binFiles().stream().map(p -> p.getFileName().toString()).toList());
      }
    }
  }

  @Test
  void aDirectoryPrefersDocumentIdxAndRefusesAmbiguity() {
    MegatronWriterTest.write(dir.resolve("a"), TokenDType.UINT16, new int[][] {{1}});
    MegatronWriterTest.write(dir.resolve("b"), TokenDType.UINT16, new int[][] {{2}});
    StepIndexException e = assertThrows(StepIndexException.class, () -> MegatronDataset.open(dir));
    assertTrue(
        e.getMessage().contains("a.idx") && e.getMessage().contains("b.idx"), e.getMessage());

    MegatronWriterTest.write(dir.resolve("document"), TokenDType.UINT16, new int[][] {{3}});
    try (MegatronDataset dataset = MegatronDataset.open(dir)) {
      assertHolds(new int[][] {{3}}, dataset);
    }
  }

  @Test
  void namesWhatIsMissing() throws IOException {
    StepIndexException empty =
        assertThrows(StepIndexException.class, () -> MegatronDataset.open(dir));
    assertTrue(empty.getMessage().contains(dir.toString()), empty.getMessage());

    StepIndexException noIdx =
        assertThrows(StepIndexException.class, () -> MegatronDataset.open(dir.resolve("nope")));
    assertTrue(noIdx.getMessage().contains(dir.resolve("nope.idx").toString()), noIdx.getMessage());

    MegatronWriterTest.write(dir.resolve("document"), TokenDType.UINT16, new int[][] {{1}});
    Files.delete(dir.resolve("document.bin"));
    StepIndexException noBin =
        assertThrows(StepIndexException.class, () -> MegatronDataset.open(dir.resolve("document")));
    assertTrue(noBin.getMessage().contains("document.bin"), noBin.getMessage());
  }

  @Test
  void refusesASequenceOutOfRange() {
    MegatronWriterTest.write(dir.resolve("document"), TokenDType.UINT16, new int[][] {{1}, {2}});
    try (MegatronDataset dataset = MegatronDataset.open(dir.resolve("document"))) {
      int[] dst = new int[4];
      for (long seq : new long[] {-1, 2, Long.MAX_VALUE}) {
        StepIndexException e = assertThrows(StepIndexException.class, () -> dataset.read(seq, dst));
        assertTrue(e.getMessage().contains("sequence " + seq), e.getMessage());
        assertThrows(StepIndexException.class, () -> dataset.size(seq));
        assertThrows(StepIndexException.class, () -> dataset.pointer(seq));
      }
      assertThrows(IllegalArgumentException.class, () -> dataset.read(0, new int[0]));
    }
  }

  @Test
  void refusesAnInt64TokenThatDoesNotFitAnInt() throws IOException {
    int[][] sequences = {{1, 2}, {3, 4}};
    byte[] bin = ReferenceFormat.bin(sequences, 8);
    ByteBuffer.wrap(bin).order(ByteOrder.LITTLE_ENDIAN).putLong(24, 1L << 32);
    Path prefix =
        ReferenceFormat.write(dir.resolve("document"), ReferenceFormat.idx(sequences, 5, 8), bin);
    try (MegatronDataset dataset = MegatronDataset.open(prefix)) {
      int[] dst = new int[2];
      assertEquals(2, dataset.read(0, dst));
      StepIndexException e = assertThrows(StepIndexException.class, () -> dataset.read(1, dst));
      assertTrue(e.getMessage().contains(String.valueOf(1L << 32)), e.getMessage());
    }
  }

  @Test
  void readsConcurrentlyFromTwoThreads() throws Exception {
    int[][] sequences = ReferenceFormat.randomSequences(new Random(3), 500, 600, 0, 65535);
    MegatronWriterTest.write(dir.resolve("document"), TokenDType.UINT16, sequences);
    // Shards as well, so both the zero-copy path and the stitching path run under contention.
    MegatronWriter.splitIntoShards(
        dir.resolve("document.bin"),
        Files.createDirectory(dir.resolve("shards")),
        "document",
        new long[] {1001, 77_777, 150_001});
    Files.copy(dir.resolve("document.idx"), dir.resolve("shards").resolve("document.idx"));
    for (Path path : List.of(dir.resolve("document"), dir.resolve("shards"))) {
      try (MegatronDataset dataset = MegatronDataset.open(path);
          ExecutorService pool = Executors.newFixedThreadPool(2)) {
        List<Future<Integer>> results =
            pool.invokeAll(
                List.of(
                    () -> readAll(dataset, sequences, 1), () -> readAll(dataset, sequences, -1)));
        for (Future<Integer> result : results) {
          assertEquals(5 * sequences.length, result.get());
        }
      }
    }
  }

  /** Reads every sequence five times, forwards or backwards, and returns how many matched. */
  private static int readAll(MegatronDataset dataset, int[][] sequences, int direction) {
    int[] dst = new int[dataset.maxSize()];
    int matched = 0;
    for (int round = 0; round < 5; round++) {
      for (int k = 0; k < sequences.length; k++) {
        int i = direction > 0 ? k : sequences.length - 1 - k;
        int n = dataset.read(i, dst);
        if (Arrays.equals(sequences[i], Arrays.copyOf(dst, n))) {
          matched++;
        }
      }
    }
    return matched;
  }

  @Test
  void fingerprintIsTheSha256OfTheIdxAndTheBinLength() throws Exception {
    int[][] sequences = ReferenceFormat.randomSequences(new Random(5), 50, 100, 0, 65535);
    MegatronWriterTest.write(dir.resolve("a"), TokenDType.UINT16, sequences);
    MegatronWriterTest.write(dir.resolve("b"), TokenDType.UINT16, sequences);

    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(Files.readAllBytes(dir.resolve("a.idx")));
    sha.update(
        ByteBuffer.allocate(8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(Files.size(dir.resolve("a.bin")))
            .array());
    String expected = HexFormat.of().formatHex(sha.digest());

    String a;
    try (MegatronDataset dataset = MegatronDataset.open(dir.resolve("a"))) {
      a = dataset.fingerprint();
      assertEquals(expected, a);
      assertEquals(a, dataset.fingerprint());
    }
    try (MegatronDataset dataset = MegatronDataset.open(dir.resolve("b"))) {
      assertEquals(a, dataset.fingerprint(), "same content, same fingerprint");
    }

    // One byte of doc_idx changed: still a valid index, but different data.
    byte[] idx = Files.readAllBytes(dir.resolve("b.idx"));
    idx[idx.length - 1] ^= 1;
    Files.write(dir.resolve("b.idx"), idx);
    try (MegatronDataset dataset = MegatronDataset.open(dir.resolve("b"))) {
      assertNotEquals(a, dataset.fingerprint());
    }
  }

  @Test
  void readsPastTwoGigabytesInASparseBin() throws IOException {
    long pointer = (3L << 30) + 1; // 3 GiB and one byte: beyond any int offset, and odd
    int[][] sequences = {{7, 65535, 0}, {1, 2}};
    byte[] tokens = ReferenceFormat.bin(sequences, 2);
    try (RandomAccessFile bin = new RandomAccessFile(dir.resolve("document.bin").toFile(), "rw")) {
      bin.setLength(pointer); // sparse: no disk is used for the hole
      bin.seek(pointer);
      bin.write(tokens);
    }
    Files.write(
        dir.resolve("document.idx"),
        ReferenceFormat.idx(
            ReferenceFormat.MAGIC,
            1,
            8,
            new int[] {3, 2},
            new long[] {pointer, pointer + 6},
            new long[] {0, 1, 2}));
    try (MegatronDataset dataset = MegatronDataset.open(dir.resolve("document"))) {
      assertEquals(pointer + 10, dataset.binLength());
      assertHolds2GiB(dataset, sequences);
    }
    // The same data as three sparse shards, cut at 2 GiB and inside the first token past 3 GiB.
    Path shards = Files.createDirectories(dir.resolve("shards"));
    long[] bounds = {0, 1L << 31, pointer + 1, pointer + 10};
    for (int i = 0; i < 3; i++) {
      try (RandomAccessFile shard =
          new RandomAccessFile(
              shards.resolve("document-0000" + i + "-of-00002.bin").toFile(), "rw")) {
        shard.setLength(bounds[i + 1] - bounds[i]);
        for (long at = Math.max(bounds[i], pointer); at < bounds[i + 1]; at++) {
          shard.seek(at - bounds[i]);
          shard.write(tokens[(int) (at - pointer)]);
        }
      }
    }
    Files.copy(dir.resolve("document.idx"), shards.resolve("document.idx"));
    try (MegatronDataset dataset = MegatronDataset.open(shards)) {
      assertEquals(3, dataset.binFiles().size());
      assertEquals(pointer + 10, dataset.binLength());
      assertHolds2GiB(dataset, sequences);
    }
  }

  private static void assertHolds2GiB(MegatronDataset dataset, int[][] sequences) {
    int[] dst = new int[3];
    for (int i = 0; i < sequences.length; i++) {
      int n = dataset.read(i, dst);
      assertArrayEquals(sequences[i], Arrays.copyOf(dst, n));
    }
  }
}
