package org.stepindex.indexer.order;

import java.util.Locale;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.NpyArray;

/**
 * The check every order map that shuffles gets: its entries lie in {@code [0, range)} and, up to
 * {@code range} of them, are distinct. For GPT-NeoX's {@code shuffle_idx} (as long as {@code
 * range}) that is a permutation; OLMo's {@code global_indices} may be cut short or padded with
 * repeats at the end (its {@code drop_last}), which this allows. A map that is mostly one value is
 * named as such, since that is how a damaged map looks (Pythia's issue tracker reports a seed's
 * {@code shuffle_idx.npy} that is ~92% zeros).
 */
final class Permutations {
  private Permutations() {}

  /**
   * Checks {@code map} in one pass (a bit per value of the range), plus one more pass to explain a
   * failure.
   *
   * @param map a 1-D map
   * @param range the number of things it orders
   * @param what what its values index, for the message (e.g. {@code sample_idx rows 0 to 99})
   * @throws StepIndexException naming the first value out of range, or the repeated value and where
   */
  static void requirePermutation(NpyArray map, long range, String what) {
    long length = map.rows();
    long distinctPart = Math.min(length, range);
    long[] seen = new long[(int) ((range + 63) >>> 6)];
    long firstRepeat = -1;
    long repeats = 0;
    long candidate =
        0; // Boyer-Moore majority vote: the value, if any, that fills more than half of the map
    long votes = 0;
    for (long i = 0; i < length; i++) {
      long value = map.get(i);
      if (value < 0 || value >= range) {
        throw new StepIndexException(
            map.file()
                + ": entry "
                + i
                + " is "
                + describe(map, value)
                + ", outside "
                + what
                + ": the map belongs to other data or another run");
      }
      if (votes == 0) {
        candidate = value;
      }
      votes += value == candidate ? 1 : -1;
      if (i < distinctPart) {
        int word = (int) (value >>> 6);
        long bit = 1L << value;
        if ((seen[word] & bit) != 0) {
          repeats++;
          if (firstRepeat < 0) {
            firstRepeat = i;
          }
        }
        seen[word] |= bit;
      }
    }
    if (repeats == 0) {
      return;
    }
    long count = 0;
    for (long i = 0; i < length; i++) {
      count += map.get(i) == candidate ? 1 : 0;
    }
    if (count * 2 > length) {
      throw new StepIndexException(
          String.format(
              Locale.ROOT,
              "%s: %.1f%% of its %d entries are %d, so it is not an"
                  + " order of %s but a damaged map (Pythia's issue tracker reports a seed's shuffle_idx.npy that is ~92%%"
                  + " zeros); download or rebuild it",
              map.file(),
              100.0 * count / length,
              length,
              candidate,
              what));
    }
    long value = map.get(firstRepeat);
    long earlier = 0;
    while (map.get(earlier) != value) {
      earlier++;
    }
    throw new StepIndexException(
        map.file()
            + ": "
            + value
            + " appears at entries "
            + earlier
            + " and "
            + firstRepeat
            + " ("
            + repeats
            + " of the first "
            + distinctPart
            + " entries repeat an earlier one), so it is not a"
            + " permutation of "
            + what
            + "; download or rebuild it");
  }

  private static String describe(NpyArray map, long value) {
    return value < 0 && map.type() == org.stepindex.indexer.data.NpyType.UINT64
        ? Long.toUnsignedString(value)
        : Long.toString(value);
  }
}
