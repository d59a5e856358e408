package org.stepindex.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CPythonRandom}: MT19937 against its authors' reference output, each derived operation
 * against the same rule applied by hand to a twin generator's raw outputs, and everything against
 * CPython itself when python3 is installed.
 */
class CPythonRandomTest {

  /**
   * The first outputs of {@code mt19937ar.c}'s {@code main}: {@code init_by_array({0x123, 0x234,
   * 0x345, 0x456})}.
   */
  @Test
  void mersenneTwisterMatchesTheReferenceOutput() {
    CPythonRandom mt = new CPythonRandom(0x123, 0x234, 0x345, 0x456);
    long[] expected = {1067595299L, 955945823L, 477289528L, 4107218783L, 4228976476L};
    for (long e : expected) {
      assertEquals(e, mt.nextUint32());
    }
    for (int i = 0; i < 2000; i++) {
      mt.nextUint32(); // several regenerations of the 624-word state
    }
  }

  @Test
  void anIntegerSeedIsInitByArrayOfItsThirtyTwoBitWords() {
    assertSame(new CPythonRandom(42L), new CPythonRandom(42));
    assertSame(new CPythonRandom(0L), new CPythonRandom(0));
    assertSame(
        new CPythonRandom((7L << 32) | 5L),
        new CPythonRandom(5, 7)); // least significant word first
  }

  private static void assertSame(CPythonRandom a, CPythonRandom b) {
    for (int i = 0; i < 700; i++) {
      assertEquals(a.nextUint32(), b.nextUint32());
    }
  }

  @Test
  void derivedOperationsFollowTheirRulesOnTheRawOutputs() {
    CPythonRandom random = new CPythonRandom(42L);
    CPythonRandom twin = new CPythonRandom(42L);
    // getrandbits(k): the top k bits of one output
    assertEquals(twin.nextUint32() >>> 27, random.getrandbits(5));
    assertEquals(twin.nextUint32(), random.getrandbits(32));
    // _randbelow(n): k = bit_length(n) bits, redrawn while >= n
    for (int n : new int[] {1, 2, 3, 5, 50, 99, 4950, 1 << 20}) {
      int bits = 32 - Integer.numberOfLeadingZeros(n);
      long r;
      do {
        r = twin.nextUint32() >>> (32 - bits);
      } while (r >= n);
      assertEquals(r, random.randbelow(n), "randbelow(" + n + ")");
    }
    // shuffle: i from len - 1 down to 1 swaps with randbelow(i + 1)
    List<Integer> shuffled = new ArrayList<>(IntStream.range(0, 50).boxed().toList());
    random.shuffle(shuffled);
    List<Integer> byHand = new ArrayList<>(IntStream.range(0, 50).boxed().toList());
    for (int i = 49; i > 0; i--) {
      int j = twin.randbelow(i + 1);
      Integer t = byHand.get(i);
      byHand.set(i, byHand.get(j));
      byHand.set(j, t);
    }
    assertEquals(byHand, shuffled);
    // sample from a large population (4950 > 21 + 4^ceil(log4(51)) = 85): indices redrawn when
    // already taken
    List<Integer> population = IntStream.range(0, 4950).boxed().toList();
    List<Integer> sampled = random.sample(population, 17);
    List<Integer> taken = new ArrayList<>();
    while (taken.size() < 17) {
      int j = twin.randbelow(4950);
      if (!taken.contains(j)) {
        taken.add(j);
      }
    }
    assertEquals(taken, sampled);
    // sample from a small population (20 <= 21): a partial shuffle of a copy, the last free item
    // fills the hole
    List<Integer> small = IntStream.range(100, 120).boxed().toList();
    List<Integer> fromSmall = random.sample(small, 5);
    List<Integer> pool = new ArrayList<>(small);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int j = twin.randbelow(20 - i);
      expected.add(pool.get(j));
      pool.set(j, pool.get(20 - i - 1));
    }
    assertEquals(expected, fromSmall);
    assertEquals(
        twin.nextUint32(), random.nextUint32(), "both consumed the same number of outputs");
  }

  @Test
  void matchesCPythonWhenPythonIsPresent(@TempDir Path dir) throws Exception {
    String program =
        """
        import random
        for seed in (42, 0, 1234, 2**40 + 3):
            r = random.Random(seed)
            out = [r.getrandbits(32) for _ in range(3)] + [r.getrandbits(7)]
            out += [r._randbelow(n) for n in (1, 3, 50, 4950, 99)]
            x = list(range(50)); r.shuffle(x); out += x
            out += r.sample(list(range(4950)), 17) + r.sample(list(range(99)), 9)
            out += r.sample(list(range(20)), 10) + r.sample(list(range(85)), 17) + r.sample(list(range(86)), 17)
            out += [r.getrandbits(32)]
            print(' '.join(map(str, out)))
        """;
    String[] lines = python(dir, program).strip().split("\n");
    long[] seeds = {42, 0, 1234, (1L << 40) + 3};
    for (int s = 0; s < seeds.length; s++) {
      CPythonRandom r = new CPythonRandom(seeds[s]);
      List<Long> out = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        out.add(r.getrandbits(32));
      }
      out.add(r.getrandbits(7));
      for (int n : new int[] {1, 3, 50, 4950, 99}) {
        out.add((long) r.randbelow(n));
      }
      List<Integer> x = new ArrayList<>(IntStream.range(0, 50).boxed().toList());
      r.shuffle(x);
      x.forEach(v -> out.add((long) v));
      int[][] samples = {{4950, 17}, {99, 9}, {20, 10}, {85, 17}, {86, 17}};
      for (int[] sample : samples) {
        r.sample(IntStream.range(0, sample[0]).boxed().toList(), sample[1])
            .forEach(v -> out.add((long) v));
      }
      out.add(r.getrandbits(32));
      assertEquals(
          lines[s],
          String.join(" ", out.stream().map(String::valueOf).toList()),
          "seed " + seeds[s]);
    }
  }

  /**
   * Runs a Python program and returns its standard output; skips the test when python3 is not
   * installed.
   */
  static String python(Path dir, String program) throws IOException, InterruptedException {
    Path script = dir.resolve("program.py");
    Files.writeString(script, program);
    Path out = dir.resolve("out.txt");
    Process process;
    try {
      process =
          new ProcessBuilder("python3", script.toString())
              .redirectOutput(out.toFile())
              .redirectError(dir.resolve("err.txt").toFile())
              .start();
    } catch (IOException e) {
      Assumptions.abort("python3 is not installed: " + e.getMessage());
      throw e;
    }
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "python3 did not finish");
    assertEquals(0, process.exitValue(), Files.readString(dir.resolve("err.txt")));
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
