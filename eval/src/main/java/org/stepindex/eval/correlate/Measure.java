package org.stepindex.eval.correlate;

import java.util.Locale;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.query.Count;

/**
 * Which number of a {@link Count} is "the frequency": every match, or the sequences with at least
 * one match.
 */
public enum Measure {
  /** All matches in the range (the Pythia paper's term frequency is a count of occurrences). */
  OCCURRENCES,
  /**
   * Training sequences in the range with at least one match (documents, as Kandpal et al. count
   * them).
   */
  SEQUENCES;

  /** The chosen number of {@code count}. */
  public long of(Count count) {
    return this == OCCURRENCES ? count.occurrences() : count.sequences();
  }

  /** The lower-case name used in files and options. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code occurrences} or {@code sequences}, in any case.
   *
   * @throws StepIndexException naming both when it is neither
   */
  public static Measure parse(String text) {
    for (Measure m : values()) {
      if (m.label().equalsIgnoreCase(text == null ? "" : text.strip())) {
        return m;
      }
    }
    throw new StepIndexException(
        "unknown frequency measure '" + text + "'; use occurrences or sequences");
  }
}
