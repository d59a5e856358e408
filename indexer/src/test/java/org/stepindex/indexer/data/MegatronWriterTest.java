package org.stepindex.indexer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.stepindex.indexer.base.StepIndexException;

class MegatronWriterTest {
  @TempDir Path dir;

  static int[][] write(Path prefix, TokenDType dtype, int[][] sequences) {
    try (MegatronWriter writer = MegatronWriter.create(prefix, dtype)) {
      for (int[] s : sequences) {
        writer.addSequence(s, 0, s.length);
      }
      assertEquals(sequences.length, writer.sequenceCount());
    }
    return sequences;
  }

  static long min(TokenDType dtype) {
    return switch (dtype) {
      case UINT8, UINT16 -> 0;
      case INT8 -> Byte.MIN_VALUE;
      case INT16 -> Short.MIN_VALUE;
      default -> Integer.MIN_VALUE;
    };
  }

  static long max(TokenDType dtype) {
    return switch (dtype) {
      case UINT8 -> 255;
      case UINT16 -> 65535;
      case INT8 -> Byte.MAX_VALUE;
      case INT16 -> Short.MAX_VALUE;
      default -> Integer.MAX_VALUE;
    };
  }

  @ParameterizedTest
  @EnumSource(names = {"UINT8", "INT8", "INT16", "INT32", "INT64", "UINT16"})
  void writesExactlyTheReferenceBytes(TokenDType dtype) throws IOException {
    Random random = new Random(dtype.code());
    int[][] sequences = ReferenceFormat.randomSequences(random, 40, 300, min(dtype), max(dtype));
    sequences[3] = new int[] {(int) min(dtype), (int) max(dtype), 0}; // the extremes of the type
    sequences[5] = new int[0];
    write(dir.resolve("document"), dtype, sequences);

    assertArrayEquals(
        ReferenceFormat.bin(sequences, dtype.width()),
        Files.readAllBytes(dir.resolve("document.bin")));
    assertArrayEquals(
        ReferenceFormat.idx(sequences, dtype.code(), dtype.width()),
        Files.readAllBytes(dir.resolve("document.idx")));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(2, files.count(), "no temporary files are left behind");
    }
  }

  @Test
  void writesSlicesOfTheCallersArray() throws IOException {
    int[] tokens = {9, 1, 2, 3, 9};
    try (MegatronWriter writer = MegatronWriter.create(dir.resolve("d"), TokenDType.UINT16)) {
      writer.addSequence(tokens, 1, 3);
    }
    assertArrayEquals(
        ReferenceFormat.bin(new int[][] {{1, 2, 3}}, 2), Files.readAllBytes(dir.resolve("d.bin")));
  }

  @Test
  void writesAnEmptyDataset() throws IOException {
    write(dir.resolve("empty"), TokenDType.UINT16, new int[0][]);
    assertEquals(0, Files.size(dir.resolve("empty.bin")));
    assertArrayEquals(
        ReferenceFormat.idx(new int[0][], 8, 2), Files.readAllBytes(dir.resolve("empty.idx")));
  }

  @Test
  void filesAppearOnlyOnClose() throws IOException {
    try (MegatronWriter writer =
        MegatronWriter.create(dir.resolve("document"), TokenDType.UINT16)) {
      writer.addSequence(new int[] {1, 2}, 0, 2);
      assertTrue(Files.notExists(dir.resolve("document.bin")));
      assertTrue(Files.notExists(dir.resolve("document.idx")));
    }
    assertTrue(Files.exists(dir.resolve("document.idx")));
  }

  @ParameterizedTest
  @EnumSource(names = {"UINT8", "INT8", "INT16", "UINT16"})
  void aTokenOutOfRangeAbortsAndLeavesNothing(TokenDType dtype) throws IOException {
    StepIndexException e =
        assertThrows(
            StepIndexException.class,
            () -> {
              try (MegatronWriter writer = MegatronWriter.create(dir.resolve("document"), dtype)) {
                writer.addSequence(new int[] {1, 2, 3}, 0, 3);
                writer.addSequence(new int[] {4, (int) max(dtype) + 1}, 0, 2);
              }
            });
    assertTrue(e.getMessage().contains(String.valueOf(max(dtype) + 1)), e.getMessage());
    assertDirectoryEmpty();

    StepIndexException below =
        assertThrows(
            StepIndexException.class,
            () -> {
              try (MegatronWriter writer = MegatronWriter.create(dir.resolve("document"), dtype)) {
                writer.addSequence(new int[] {(int) min(dtype) - 1}, 0, 1);
              }
            });
    assertTrue(below.getMessage().contains(String.valueOf(min(dtype) - 1)), below.getMessage());
    assertDirectoryEmpty();
  }

  @Test
  void anAbortedWriterRefusesMoreSequences() throws IOException {
    try (MegatronWriter writer = MegatronWriter.create(dir.resolve("document"), TokenDType.UINT8)) {
      assertThrows(StepIndexException.class, () -> writer.addSequence(new int[] {256}, 0, 1));
      assertThrows(IllegalStateException.class, () -> writer.addSequence(new int[] {1}, 0, 1));
    }
    assertDirectoryEmpty();
  }

  @Test
  void refusesFloatTypes() {
    for (TokenDType dtype : List.of(TokenDType.FLOAT32, TokenDType.FLOAT64)) {
      StepIndexException e =
          assertThrows(
              StepIndexException.class,
              () -> MegatronWriter.create(dir.resolve("document"), dtype));
      assertTrue(e.getMessage().contains(dtype.name()), e.getMessage());
    }
  }

  @Test
  void splitsIntoNumberedShardsAtAnyByte() throws IOException {
    byte[] bin = new byte[101];
    new Random(7).nextBytes(bin);
    Path whole = dir.resolve("whole.bin");
    Files.write(whole, bin);
    long[] cuts = {0, 3, 3, 50, 101};
    List<Path> shards = MegatronWriter.splitIntoShards(whole, dir, "document", cuts);

    assertEquals(6, shards.size());
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    long[] bounds = {0, 0, 3, 3, 50, 101, 101};
    for (int i = 0; i < shards.size(); i++) {
      assertEquals(
          String.format("document-%05d-of-00005.bin", i), shards.get(i).getFileName().toString());
      assertEquals(bounds[i + 1] - bounds[i], Files.size(shards.get(i)));
      joined.write(Files.readAllBytes(shards.get(i)));
    }
    assertArrayEquals(bin, joined.toByteArray());
  }

  @Test
  void refusesCutsOutOfOrderOrPastTheEnd() throws IOException {
    Path whole = Files.write(dir.resolve("whole.bin"), new byte[10]);
    assertThrows(
        StepIndexException.class,
        () -> MegatronWriter.splitIntoShards(whole, dir, "d", new long[] {5, 4}));
    assertThrows(
        StepIndexException.class,
        () -> MegatronWriter.splitIntoShards(whole, dir, "d", new long[] {11}));
    assertThrows(
        StepIndexException.class,
        () -> MegatronWriter.splitIntoShards(whole, dir, "d", new long[] {-1}));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(whole), files.toList(), "a refused split writes nothing");
    }
  }

  private void assertDirectoryEmpty() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.toList());
    }
  }
}
