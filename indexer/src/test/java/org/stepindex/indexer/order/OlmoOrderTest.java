package org.stepindex.indexer.order;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.stepindex.indexer.order.MegatronOrderTest.assertProblem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.data.NpyFiles;
import org.stepindex.indexer.data.NpyType;

/**
 * {@link OlmoOrder} and {@link OlmoInstanceRule} against the tests' own implementation of OLMo's
 * rule ({@link Oracle}): raw uint32 token files with ids above 65,535 (OLMo's tokenizer has 100k
 * ids), one of them empty, cut into instances and read in the order of a raw uint32 {@code
 * global_indices.npy}; then each broken input in one line.
 */
class OlmoOrderTest {
  static final int LENGTH = 8;

  @TempDir Path dir;

  /** Raw uint32 token files of 5, 0 and 3 instances, ids up to 100,277. */
  static List<Path> tokenFiles(Path dir, long seed) {
    Random random = new Random(seed);
    List<Path> files = new ArrayList<>();
    int[] instances = {5, 0, 3};
    for (int i = 0; i < instances.length; i++) {
      long[] ids = random.longs(instances[i] * LENGTH, 0, 100_278).toArray();
      files.add(NpyFiles.raw(dir.resolve("part-" + i + "-00000.npy"), 4, ids));
    }
    return files;
  }

  /**
   * A shuffled permutation of {@code instances}, cut to {@code length} or padded with repeats, as
   * raw uint32.
   */
  static Path globalIndices(Path dir, int instances, int length, long seed) {
    List<Long> order = new ArrayList<>(LongStream.range(0, instances).boxed().toList());
    Collections.shuffle(order, new Random(seed));
    long[] values = new long[length];
    for (int i = 0; i < length; i++) {
      values[i] = order.get(i % instances);
    }
    return NpyFiles.raw(dir.resolve("global_indices.npy"), 4, values);
  }

  @Test
  void everyInstanceIsWhatOlmosRuleGives() {
    List<Path> files = tokenFiles(dir, 1);
    Path indices =
        globalIndices(dir, 8, 10, 2); // padded with two repeats, as OLMo pads to a whole batch
    Path materialized = dir.resolve("preshuffled");
    List<Object> args =
        new ArrayList<>(List.of("olmo-materialize", indices, "uint32", LENGTH, materialized));
    args.addAll(files);
    Oracle.run(args.toArray());
    try (OlmoOrder order = OlmoOrder.open(files, indices, NpyType.UINT32, LENGTH);
        MegatronDataset expected = MegatronDataset.open(materialized)) {
      assertEquals(10, order.sequenceCount());
      assertEquals(8, order.instances());
      int[] want = new int[LENGTH];
      int[] got = new int[LENGTH];
      for (long j = 0; j < order.sequenceCount(); j++) {
        expected.read(j, want);
        order.read(j, got);
        assertArrayEquals(want, got, "training sequence " + j);
      }
      assertEquals("olmo", order.recorded().kind());
      assertEquals("uint32", order.recorded().dtype());
    }
  }

  @Test
  void theRuleSkipsEmptyFiles() {
    long[] first = OlmoInstanceRule.firstInstances(new long[] {5 * LENGTH, 0, 3 * LENGTH}, LENGTH);
    assertArrayEquals(new long[] {0, 5, 5, 8}, first);
    assertEquals(
        new OlmoInstanceRule.Location(0, 4 * LENGTH), OlmoInstanceRule.locate(4, first, LENGTH));
    assertEquals(new OlmoInstanceRule.Location(2, 0), OlmoInstanceRule.locate(5, first, LENGTH));
    assertEquals(
        new OlmoInstanceRule.Location(2, 2 * LENGTH), OlmoInstanceRule.locate(7, first, LENGTH));
  }

  @Test
  void everyBadInputIsOneLine() {
    List<Path> files = tokenFiles(dir, 3);
    Path indices = globalIndices(dir, 8, 8, 4);
    assertProblem(
        () -> OlmoOrder.open(files, indices, NpyType.UINT32, 3),
        "part-0-00000.npy: 40 uint32 tokens are"
            + " not a whole number of instances of 3 tokens (13 instances and 1 tokens over); pass the run's"
            + " max_sequence_length as --seq-length and its memmap_dtype as --dtype");
    assertProblem(
        () -> OlmoOrder.open(files, indices, null, LENGTH), "part-0-00000.npy: not a .npy file");
    Path header =
        NpyFiles.write(dir.resolve("with-header.npy"), "<u2", "(8,)", 2, 1, 2, 3, 4, 5, 6, 7, 8);
    assertProblem(
        () -> OlmoOrder.open(List.of(header), indices, NpyType.UINT32, LENGTH),
        "with-header.npy: holds" + " uint16 tokens, but --dtype or an earlier file says uint32");
    Path outside = NpyFiles.raw(dir.resolve("outside.npy"), 4, 0, 1, 8);
    assertProblem(
        () -> OlmoOrder.open(files, outside, NpyType.UINT32, LENGTH),
        "outside.npy: entry 2 is 8, outside"
            + " the 8 instances of 3 token files of 8 tokens each");
    Path repeated = NpyFiles.raw(dir.resolve("repeated.npy"), 4, 0, 1, 2, 1);
    assertProblem(
        () -> OlmoOrder.open(files, repeated, NpyType.UINT32, LENGTH),
        "repeated.npy: 1 appears at entries" + " 1 and 3");
  }
}
