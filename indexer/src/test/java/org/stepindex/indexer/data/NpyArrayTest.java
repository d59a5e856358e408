package org.stepindex.indexer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.StepIndexException;

/**
 * {@link NpyArray}: NumPy's header versions, orders and types, raw memmaps, and one line for each
 * broken file.
 */
class NpyArrayTest {
  @TempDir Path dir;

  @Test
  void readsEachIntegerTypeOfAVersionOneFile() throws IOException {
    long[] values = {0, 1, 127, 200};
    for (NpyType type : NpyType.values()) {
      Path file =
          npy(
              "a-" + type.typeName() + ".npy",
              1,
              type.descr(),
              "(4,)",
              false,
              type.width(),
              values);
      try (NpyArray array = NpyArray.open(file)) {
        assertEquals(type, array.type());
        assertEquals(4, array.rows());
        assertEquals(1, array.dimensions());
        assertTrue(array.hasHeader());
        for (int i = 0; i < values.length; i++) {
          long expected = type == NpyType.INT8 && values[i] > 127 ? (byte) values[i] : values[i];
          assertEquals(expected, array.get(i), type + " element " + i);
        }
      }
    }
  }

  @Test
  void readsUnsignedValuesAboveTheSignedRangeAndTokenIdsAbove65535() throws IOException {
    Path file = npy("u4.npy", 1, "<u4", "(3,)", false, 4, 4_000_000_000L, 70_000, 100_277);
    try (NpyArray array = NpyArray.open(file)) {
      assertEquals(4_000_000_000L, array.get(0));
      int[] ids = new int[2];
      array.readTokens(1, 2, ids, 0);
      assertArrayEquals(new int[] {70_000, 100_277}, ids);
      String message =
          assertThrows(StepIndexException.class, () -> array.readTokens(0, 1, new int[1], 0))
              .getMessage();
      assertTrue(message.contains("element 0 is 4000000000, which is not a token id"), message);
    }
  }

  @Test
  void readsVersionTwoAndThreeHeadersAndBothOrdersOfATwoDimensionalArray() throws IOException {
    long[] rowMajor = {10, 11, 20, 21, 30, 31};
    long[] columnMajor = {10, 20, 30, 11, 21, 31};
    for (int version : new int[] {1, 2, 3}) {
      try (NpyArray c =
              NpyArray.open(
                  npy("c" + version + ".npy", version, "<i8", "(3, 2)", false, 8, rowMajor));
          NpyArray f =
              NpyArray.open(
                  npy("f" + version + ".npy", version, "<i8", "(3, 2)", true, 8, columnMajor))) {
        for (int row = 0; row < 3; row++) {
          for (int column = 0; column < 2; column++) {
            assertEquals(10 * (row + 1) + column, c.get(row, column));
            assertEquals(10 * (row + 1) + column, f.get(row, column));
          }
        }
        assertEquals("(3, 2)", c.shapeText());
        assertFalse(c.fortranOrder());
        assertTrue(f.fortranOrder());
      }
    }
  }

  @Test
  void readsARawMemmapFileWithTheGivenType() throws IOException {
    Path file = NpyFiles.raw(dir.resolve("global_indices.npy"), 4, 2, 0, 1);
    byte[] raw = Files.readAllBytes(file);
    try (NpyArray array = NpyArray.open(file, NpyType.UINT32)) {
      assertFalse(array.hasHeader());
      assertEquals(3, array.rows());
      assertEquals(2, array.get(0));
    }
    assertProblem(() -> NpyArray.open(file), "not a .npy file (it does not start with \\x93NUMPY)");
    Files.write(file, Arrays.copyOf(raw, 11));
    assertProblem(
        () -> NpyArray.open(file, NpyType.UINT32),
        "11 bytes is not a whole number of uint32 elements");
  }

  @Test
  void everyBrokenFileIsOneLineNamingIt() throws IOException {
    Path floats = npy("f4.npy", 1, "<f4", "(2,)", false, 4, 1, 2);
    assertProblem(() -> NpyArray.open(floats), "dtype '<f4' is not an integer type");
    Path bigEndian = npy("be.npy", 1, ">i4", "(2,)", false, 4, 1, 2);
    assertProblem(() -> NpyArray.open(bigEndian), "dtype '>i4' is big-endian");
    Path threeD = npy("3d.npy", 1, "<i4", "(1, 1, 2)", false, 4, 1, 2);
    assertProblem(() -> NpyArray.open(threeD), "has 3 dimensions");
    Path good = npy("good.npy", 1, "<i8", "(4,)", false, 8, 1, 2, 3, 4);
    byte[] bytes = Files.readAllBytes(good);
    Path truncated =
        Files.write(dir.resolve("truncated.npy"), Arrays.copyOf(bytes, bytes.length - 5));
    assertProblem(
        () -> NpyArray.open(truncated),
        "truncated .npy file (shape (4,) of int64 needs 32 bytes of data," + " the file holds 27)");
    Path headerCut = Files.write(dir.resolve("header-cut.npy"), Arrays.copyOf(bytes, 40));
    assertProblem(() -> NpyArray.open(headerCut), "truncated .npy file (its header needs");
    Path longer = Files.write(dir.resolve("longer.npy"), Arrays.copyOf(bytes, bytes.length + 8));
    assertProblem(() -> NpyArray.open(longer), "8 bytes follow the 32 bytes");
    assertProblem(() -> NpyArray.open(dir.resolve("missing.npy")), "cannot read");
  }

  private static void assertProblem(
      org.junit.jupiter.api.function.Executable open, String expected) {
    String message = assertThrows(StepIndexException.class, open).getMessage();
    assertTrue(message.contains(expected), message);
    assertEquals(1, message.lines().count(), message);
  }

  private Path npy(
      String name,
      int version,
      String descr,
      String shape,
      boolean fortran,
      int width,
      long... values) {
    return NpyFiles.write(dir.resolve(name), version, descr, shape, fortran, width, values);
  }
}
