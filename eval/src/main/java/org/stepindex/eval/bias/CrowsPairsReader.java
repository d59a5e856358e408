package org.stepindex.eval.bias;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.stepindex.eval.correlate.Csv;
import org.stepindex.indexer.StepIndexException;

/**
 * Reads CrowS-Pairs' {@code crows_pairs_anonymized.csv} (RFC 4180, a header row naming at least {@code sent_more},
 * {@code sent_less}, {@code stereo_antistereo} and {@code bias_type}).
 */
public final class CrowsPairsReader {
  private static final List<String> REQUIRED = List.of("sent_more", "sent_less", "stereo_antistereo", "bias_type");

  private CrowsPairsReader() {}

  /**
   * Reads the pairs whose bias type starts with one of {@code biasTypes}, as lm-evaluation-harness's per-type
   * CrowS-Pairs tasks filter ({@code example["bias_type"].startswith(bias_type)}); all pairs when the list is empty.
   *
   * @throws StepIndexException when the file is unreadable, lacks a column, or no pair is left
   */
  public static List<CrowsPair> read(Path csv, List<String> biasTypes) {
    Csv.Table table = Csv.read(csv);
    for (String column : REQUIRED) {
      if (!table.header().contains(column)) {
        throw new StepIndexException(csv + " has no '" + column + "' column; expected CrowS-Pairs'"
            + " crows_pairs_anonymized.csv with columns " + String.join(", ", REQUIRED));
      }
    }
    boolean hasId = table.header().contains("id");
    List<CrowsPair> pairs = new ArrayList<>();
    TreeSet<String> types = new TreeSet<>();
    int row = 0;
    for (Map<String, String> r : table.records()) {
      row++;
      String type = r.get("bias_type");
      types.add(type);
      if (biasTypes.isEmpty() || biasTypes.stream().anyMatch(type::startsWith)) {
        pairs.add(new CrowsPair(hasId ? r.get("id") : Integer.toString(row), r.get("sent_more"), r.get("sent_less"),
            r.get("stereo_antistereo"), type));
      }
    }
    if (pairs.isEmpty()) {
      throw new StepIndexException("no CrowS-Pairs example in " + csv
          + (biasTypes.isEmpty() ? "" : " has bias type " + String.join(" or ", biasTypes) + "; the file has "
              + String.join(", ", types)));
    }
    return pairs;
  }
}
