package org.stepindex.indexer.order;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.data.MegatronWriter;
import org.stepindex.indexer.data.NpyArray;
import org.stepindex.indexer.data.NpyFiles;
import org.stepindex.indexer.data.TokenDType;

/**
 * {@link MegatronOrder} against the tests' own implementation of GPT-NeoX's rule ({@link Oracle},
 * plain python3): the oracle builds a run's three maps by the packed rule over an unshuffled
 * dataset (documents of 0 to 300 tokens, three epochs, the first documents left out as a split
 * does) and materializes every training sample into a pre-shuffled dataset, as Pythia's
 * pre-shuffled files were made; every sample read through the maps must equal it. Then each kind of
 * broken map is refused in one line before anything is read.
 */
class MegatronOrderTest {
  /** GPT-NeoX's seq_length; a training sequence is one token more. */
  static final int SEQ_LENGTH = 16;

  static final int TOKENS = SEQ_LENGTH + 1;

  @TempDir Path dir;

  /** An unshuffled dataset of {@code documents} documents of random sizes (one empty) and ids. */
  static Path unshuffled(Path dir, int documents, long seed) {
    Random random = new Random(seed);
    Path prefix = dir.resolve("unshuffled");
    try (MegatronWriter writer = MegatronWriter.create(prefix, TokenDType.UINT16)) {
      for (int d = 0; d < documents; d++) {
        int size =
            d == 7 ? 0 : random.nextInt(4) == 0 ? 1 + random.nextInt(3) : random.nextInt(300);
        int[] ids = random.ints(size, 0, 60_000).toArray();
        writer.addSequence(ids, 0, size);
      }
    }
    return prefix;
  }

  /**
   * The oracle's maps for {@code data}: prefix {@code dir/run}, files {@code run_doc_idx.npy} and
   * so on.
   */
  static Path maps(Path dir, Path data, int samples, int seed, String sampleDtype) {
    Path prefix = dir.resolve("run");
    Oracle.run("megatron-maps", data, prefix, SEQ_LENGTH, samples, seed, 3, sampleDtype);
    return prefix;
  }

  static Path map(Path prefix, String name) {
    return prefix.resolveSibling(prefix.getFileName() + "_" + name + ".npy");
  }

  static MegatronOrder open(Path data, Path maps, int tokens) {
    return MegatronOrder.open(
        data, map(maps, "doc_idx"), map(maps, "sample_idx"), map(maps, "shuffle_idx"), tokens);
  }

  @ParameterizedTest
  @ValueSource(strings = {"int64", "int32"})
  void everySampleIsWhatGptNeoxsRuleGivesAndSharesItsBoundaryToken(String sampleDtype) {
    Path data = unshuffled(dir, 120, 1);
    Path maps = maps(dir, data, 2_000, 1234, sampleDtype);
    Path materialized = dir.resolve("preshuffled");
    Oracle.run("megatron-materialize", data, maps, SEQ_LENGTH, materialized);
    try (MegatronOrder order = open(data, maps, TOKENS);
        MegatronDataset expected = MegatronDataset.open(materialized)) {
      assertTrue(
          order.sequenceCount() >= 2_000, "the oracle builds at least the samples asked for");
      assertEquals(expected.sequenceCount(), order.sequenceCount());
      assertEquals(order.sequenceCount() * TOKENS, order.totalTokens());
      int[] want = new int[TOKENS];
      int[] got = new int[TOKENS];
      for (long j = 0; j < order.sequenceCount(); j++) {
        assertEquals(TOKENS, expected.read(j, want));
        assertEquals(TOKENS, order.read(j, got));
        assertArrayEquals(want, got, "training sample " + j);
      }
      assertEquals("megatron", order.recorded().kind());
      assertEquals(
          MegatronOrder.ROLES,
          order.recorded().maps().stream().map(RecordedOrder.MapFile::role).toList());
    }
  }

  @Test
  void aSampleInOneDocumentAcrossDocumentsAndCutOrPaddedFollowsTheRule() {
    long[] docIdx = {2, 0, 1};
    long[] sizes = {5, 3, 10};
    // Inside document 2: tokens 4..8 inclusive.
    assertEquals(
        List.of(new MegatronSampleRule.Piece(2, 4, 5)),
        MegatronSampleRule.pieces(0, 4, 0, 8, i -> docIdx[(int) i], d -> sizes[(int) d], 5));
    // From token 8 of document 2 over document 0 whole to token 1 of document 1: 2 + 5 + 2 tokens.
    assertEquals(
        List.of(
            new MegatronSampleRule.Piece(2, 8, 2),
            new MegatronSampleRule.Piece(0, 0, 5),
            new MegatronSampleRule.Piece(1, 0, 2)),
        MegatronSampleRule.pieces(0, 8, 2, 1, i -> docIdx[(int) i], d -> sizes[(int) d], 9));
    // Cut to 4 tokens; a short sample is left for the caller to pad.
    assertEquals(
        List.of(new MegatronSampleRule.Piece(2, 8, 2), new MegatronSampleRule.Piece(0, 0, 2)),
        MegatronSampleRule.pieces(0, 8, 2, 1, i -> docIdx[(int) i], d -> sizes[(int) d], 4));
    assertEquals(
        List.of(new MegatronSampleRule.Piece(2, 4, 5)),
        MegatronSampleRule.pieces(0, 4, 0, 8, i -> docIdx[(int) i], d -> sizes[(int) d], 7));
  }

  @Test
  void theWrongSeqLengthIsNamedWithTheOneTheMapsWereBuiltFor() {
    Path data = unshuffled(dir, 60, 2);
    Path maps = maps(dir, data, 300, 7, "int64");
    assertProblem(
        () -> open(data, maps, SEQ_LENGTH),
        "run_sample_idx.npy: sample 0 (rows 0 to 1) spans 17 tokens,"
            + " not --seq-length 16 (GPT-NeoX's seq_length + 1): the maps were built for seq_length 16, or not with"
            + " pack_impl 'packed'; pass --seq-length 17");
  }

  @Test
  void everyBrokenMapIsOneLineAndNothingIsRead() throws IOException {
    Path data = unshuffled(dir, 60, 3);
    Path maps = maps(dir, data, 300, 11, "int64");
    long[] docIdx = values(map(maps, "doc_idx"));
    long[] sampleIdx = values(map(maps, "sample_idx"));
    long[] shuffle = values(map(maps, "shuffle_idx"));
    int samples = shuffle.length;
    String sampleShape = "(" + (samples + 1) + ", 2)";

    Path floats =
        NpyFiles.write(dir.resolve("f_shuffle_idx.npy"), "<f4", "(" + samples + ",)", 4, shuffle);
    assertProblem(
        () -> withShuffle(data, maps, floats),
        "f_shuffle_idx.npy: dtype '<f4' is not an integer type");

    byte[] bytes = Files.readAllBytes(map(maps, "shuffle_idx"));
    Path truncated =
        Files.write(dir.resolve("t_shuffle_idx.npy"), Arrays.copyOf(bytes, bytes.length - 6));
    assertProblem(
        () -> withShuffle(data, maps, truncated), "t_shuffle_idx.npy: truncated .npy file");

    long[] duplicated = shuffle.clone();
    duplicated[9] = duplicated[4];
    Path duplicates =
        NpyFiles.write(
            dir.resolve("d_shuffle_idx.npy"), "<u4", "(" + samples + ",)", 4, duplicated);
    assertProblem(
        () -> withShuffle(data, maps, duplicates),
        "d_shuffle_idx.npy: "
            + shuffle[4]
            + " appears at entries 4 and 9 (1 of the first "
            + samples
            + " entries repeat an earlier one), so it is not a"
            + " permutation of sample_idx rows 0 to "
            + (samples - 1));

    long[] zeros = shuffle.clone();
    int zeroed = (int) Math.ceil(samples * 0.92);
    Arrays.fill(zeros, 0, zeroed, 0);
    Path mostlyZero =
        NpyFiles.write(dir.resolve("z_shuffle_idx.npy"), "<u4", "(" + samples + ",)", 4, zeros);
    assertProblem(() -> withShuffle(data, maps, mostlyZero), "z_shuffle_idx.npy: 92.");
    assertProblem(
        () -> withShuffle(data, maps, mostlyZero),
        "% of its " + samples + " entries are 0, so it is not an" + " order of sample_idx rows");

    Path short_ =
        NpyFiles.write(
            dir.resolve("s_shuffle_idx.npy"),
            "<u4",
            "(" + (samples - 1) + ",)",
            4,
            Arrays.copyOf(shuffle, samples - 1));
    assertProblem(
        () -> withShuffle(data, maps, short_),
        "s_shuffle_idx.npy: has "
            + (samples - 1)
            + " entries but"
            + " run_sample_idx.npy has "
            + (samples + 1)
            + " rows");

    long[] pastEnd = sampleIdx.clone();
    pastEnd[2 * 5 + 1] = 10_000;
    Path offsets = NpyFiles.write(dir.resolve("o_sample_idx.npy"), "<i8", sampleShape, 8, pastEnd);
    assertProblem(
        () -> withSampleIdx(data, maps, offsets),
        "o_sample_idx.npy: row 5 has offset 10000 in document");
    assertProblem(() -> withSampleIdx(data, maps, offsets), "the offset runs past the document");

    long[] outside = sampleIdx.clone();
    outside[2 * 3] = docIdx.length;
    Path rows = NpyFiles.write(dir.resolve("r_sample_idx.npy"), "<i8", sampleShape, 8, outside);
    assertProblem(
        () -> withSampleIdx(data, maps, rows),
        "r_sample_idx.npy: row 3 starts at doc_idx position "
            + docIdx.length
            + ", outside run_doc_idx.npy's "
            + docIdx.length
            + " entries");

    Path flat =
        NpyFiles.write(
            dir.resolve("1d_sample_idx.npy"), "<i8", "(" + sampleIdx.length + ",)", 8, sampleIdx);
    assertProblem(
        () -> withSampleIdx(data, maps, flat),
        "1d_sample_idx.npy: has shape ("
            + sampleIdx.length
            + ",), but a sample_idx map has shape (samples + 1, 2)");

    long[] foreign = docIdx.clone();
    foreign[2] = 60;
    Path documents =
        NpyFiles.write(dir.resolve("x_doc_idx.npy"), "<i4", "(" + docIdx.length + ",)", 4, foreign);
    assertProblem(
        () ->
            MegatronOrder.open(
                data, documents, map(maps, "sample_idx"), map(maps, "shuffle_idx"), TOKENS),
        "x_doc_idx.npy: entry 2 is document 60, but "
            + data
            + ".idx has documents 0 to 59: the maps were built for"
            + " other data");
  }

  private static long[] values(Path npy) {
    try (NpyArray array = NpyArray.open(npy)) {
      long[] values = new long[(int) (array.rows() * array.columns())];
      for (int i = 0; i < values.length; i++) {
        values[i] = array.get(i / array.columns(), i % array.columns());
      }
      return values;
    }
  }

  private static MegatronOrder withShuffle(Path data, Path maps, Path shuffle) {
    return MegatronOrder.open(data, map(maps, "doc_idx"), map(maps, "sample_idx"), shuffle, TOKENS);
  }

  private static MegatronOrder withSampleIdx(Path data, Path maps, Path sampleIdx) {
    return MegatronOrder.open(
        data, map(maps, "doc_idx"), sampleIdx, map(maps, "shuffle_idx"), TOKENS);
  }

  static void assertProblem(org.junit.jupiter.api.function.Executable open, String expected) {
    String message = assertThrows(StepIndexException.class, open).getMessage();
    assertTrue(
        message.contains(expected), () -> "expected «" + expected + "» in «" + message + "»");
    assertEquals(1, message.lines().count(), message);
  }
}
