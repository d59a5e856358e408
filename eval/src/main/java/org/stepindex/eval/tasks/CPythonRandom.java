package org.stepindex.eval.tasks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CPython's {@code random.Random}, as far as lm-evaluation-harness v0.3 uses it to shuffle test
 * documents and draw few-shot examples: the same seed gives the same numbers, so a prompt here is
 * byte for byte the prompt the study sent. Ported from the algorithms of CPython's {@code
 * Modules/_randommodule.c} and {@code Lib/random.py} (3.x):
 *
 * <ul>
 *   <li>the Mersenne Twister MT19937 ({@code genrand_uint32}), seeded from a non-negative integer
 *       by {@code init_by_array} with the integer's 32-bit words, least significant first ({@code
 *       [0]} for zero);
 *   <li>{@code getrandbits(k)} for {@code k <= 32}: the top {@code k} bits of one output;
 *   <li>{@code _randbelow(n)}: {@code getrandbits(n.bit_length())} until the value is below {@code
 *       n};
 *   <li>{@code shuffle(x)}: for {@code i} from {@code len(x) - 1} down to 1, swap {@code x[i]} with
 *       {@code x[_randbelow(i + 1)]};
 *   <li>{@code sample(population, k)}: a partial shuffle of a copy when the population is small
 *       ({@code n <= 21 + 4^ceil(log_4(3k))} for {@code k > 5}, {@code n <= 21} otherwise), else
 *       draws of indices with the already selected ones redrawn.
 * </ul>
 *
 * <p>Not thread-safe; one instance serves one task, as in the harness.
 */
public final class CPythonRandom {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;

  private final int[] mt = new int[N];
  private int mti;

  /**
   * {@code random.Random(seed)}, i.e. {@code seed(seed)} for a non-negative integer below 2^63.
   *
   * @param seed the seed; lm-evaluation-harness uses 42
   * @throws IllegalArgumentException if the seed is negative (CPython would take its absolute
   *     value)
   */
  public CPythonRandom(long seed) {
    if (seed < 0) {
      throw new IllegalArgumentException("seed must be non-negative: " + seed);
    }
    int high = (int) (seed >>> 32);
    initByArray(high == 0 ? new int[] {(int) seed} : new int[] {(int) seed, high});
  }

  /**
   * A generator seeded by {@code init_by_array(key)} directly, as MT19937's reference code does.
   */
  CPythonRandom(int... key) {
    initByArray(key);
  }

  private void initGenrand(int s) {
    mt[0] = s;
    for (mti = 1; mti < N; mti++) {
      mt[mti] = 1812433253 * (mt[mti - 1] ^ (mt[mti - 1] >>> 30)) + mti;
    }
  }

  private void initByArray(int[] key) {
    initGenrand(19650218);
    int i = 1;
    int j = 0;
    for (int k = Math.max(N, key.length); k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) {
        j = 0;
      }
    }
    for (int k = N - 1; k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  /**
   * The next 32-bit output of MT19937 ({@code genrand_uint32}).
   *
   * @return the output as an unsigned value
   */
  public long nextUint32() {
    if (mti >= N) {
      int kk;
      for (kk = 0; kk < N - M; kk++) {
        int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
      }
      for (; kk < N - 1; kk++) {
        int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
      }
      int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
      mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
      mti = 0;
    }
    int y = mt[mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return Integer.toUnsignedLong(y);
  }

  /**
   * {@code getrandbits(k)} for {@code 0 <= k <= 32}.
   *
   * @param k how many bits
   * @return a value in {@code [0, 2^k)}
   */
  public long getrandbits(int k) {
    if (k < 0 || k > 32) {
      throw new IllegalArgumentException("getrandbits supports 0..32 bits here, not " + k);
    }
    return k == 0 ? 0 : nextUint32() >>> (32 - k);
  }

  /**
   * {@code _randbelow(n)}: a uniform value in {@code [0, n)} by rejection.
   *
   * @param n the bound, at least 1 and below 2^32
   * @return the value
   */
  public int randbelow(long n) {
    if (n < 1 || n > 0xffffffffL) {
      throw new IllegalArgumentException("bound out of range: " + n);
    }
    int k = 64 - Long.numberOfLeadingZeros(n);
    long r = getrandbits(k);
    while (r >= n) {
      r = getrandbits(k);
    }
    return (int) r;
  }

  /**
   * {@code shuffle(list)}, in place.
   *
   * @param list the list
   * @param <T> the element type
   */
  public <T> void shuffle(List<T> list) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = randbelow(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }

  /**
   * {@code sample(population, k)}: {@code k} distinct positions of the population, in selection
   * order.
   *
   * @param population the population
   * @param k how many to draw, at most the population's size
   * @param <T> the element type
   * @return the chosen elements
   */
  public <T> List<T> sample(List<T> population, int k) {
    int n = population.size();
    if (k < 0 || k > n) {
      throw new IllegalArgumentException("Sample larger than population or is negative");
    }
    long setsize = 21;
    if (k > 5) {
      // CPython: 4 ** _ceil(_log(k * 3, 4)), with math.log(x, base) = log(x) / log(base) in double
      // precision
      setsize += (long) Math.pow(4, Math.ceil(StrictMath.log(k * 3.0) / StrictMath.log(4.0)));
    }
    List<T> result = new ArrayList<>(k);
    if (n <= setsize) {
      List<T> pool = new ArrayList<>(population);
      for (int i = 0; i < k; i++) {
        int j = randbelow(n - i);
        result.add(pool.get(j));
        pool.set(j, pool.get(n - i - 1));
      }
    } else {
      Set<Integer> selected = new HashSet<>();
      for (int i = 0; i < k; i++) {
        int j = randbelow(n);
        while (selected.contains(j)) {
          j = randbelow(n);
        }
        selected.add(j);
        result.add(population.get(j));
      }
    }
    return result;
  }
}
