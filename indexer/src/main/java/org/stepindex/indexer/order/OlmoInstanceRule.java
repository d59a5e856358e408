package org.stepindex.indexer.order;

/**
 * OLMo's instance rule ({@code MemMapDataset}, {@code olmo/data/memmap_dataset.py} in
 * allenai/OLMo), as pure functions: each token file is cut into consecutive instances of {@code
 * length} tokens, the files' instances are numbered on in the order the training config lists the
 * files, and training sequence {@code j} is instance {@code global_indices[j]}, so step {@code s}
 * is instances {@code global_indices[s·B : (s+1)·B]}. A file whose length is not a whole number of
 * instances is refused rather than cut (OLMo's code and its docstring disagree on whether the
 * remainder is dropped or read as a short instance), so every instance is exactly {@code length}
 * tokens.
 */
public final class OlmoInstanceRule {

  /**
   * Where an instance lies.
   *
   * @param file the token file, by position in the list
   * @param firstToken the instance's first token, within the file
   */
  public record Location(int file, long firstToken) {}

  private OlmoInstanceRule() {}

  /**
   * The number of the first instance of each file, and the total at the end.
   *
   * @param fileTokens the tokens of each file, each a multiple of {@code length}
   * @param length tokens per instance
   * @return {@code fileTokens.length + 1} numbers, non-decreasing, the last the number of instances
   */
  public static long[] firstInstances(long[] fileTokens, int length) {
    long[] first = new long[fileTokens.length + 1];
    for (int i = 0; i < fileTokens.length; i++) {
      first[i + 1] = first[i] + fileTokens[i] / length;
    }
    return first;
  }

  /**
   * Where instance {@code instance} lies.
   *
   * @param instance an instance, in {@code [0, firstInstances[last])}
   * @param firstInstances what {@link #firstInstances} returned
   * @param length tokens per instance
   * @return the file (never an empty one) and the instance's first token in it
   */
  public static Location locate(long instance, long[] firstInstances, int length) {
    // The last file starting at or before the instance; an empty file starts where the next one
    // does, so it loses.
    int lo = 0;
    int hi = firstInstances.length - 2;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (firstInstances[mid] <= instance) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return new Location(lo, (instance - firstInstances[lo]) * length);
  }
}
