package org.stepindex.eval.bias;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.stepindex.indexer.base.Csv;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Reads CrowS-Pairs: the original {@code crows_pairs_anonymized.csv} (RFC 4180, a header row naming
 * at least {@code sent_more}, {@code sent_less}, {@code stereo_antistereo} and {@code bias_type}),
 * or the English (or French) file of the multilingual CrowS-Pairs (Névéol et al. 2022, {@code
 * crows_pairs_EN_revised+210.csv}), which the Pythia study evaluated through
 * lm-evaluation-harness's {@code crows_pairs_english*} tasks: the same columns separated by tabs,
 * after an unnamed first column holding the pair's index (pandas' {@code index_col=0}). The format
 * is told by the header: tab-separated when its first line holds a tab and no {@code sent_more}
 * between commas.
 */
public final class CrowsPairsReader {
  private static final List<String> REQUIRED =
      List.of("sent_more", "sent_less", "stereo_antistereo", "bias_type");

  private CrowsPairsReader() {}

  /** A tab when the header line is tab-separated (the multilingual files), else a comma. */
  private static char delimiter(Path file) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      return header != null
              && header.contains("\t")
              && !Arrays.asList(header.split(",", -1)).contains("sent_more")
          ? '\t'
          : ',';
    } catch (NoSuchFileException e) {
      throw new StepIndexException("no such file: " + file);
    } catch (IOException e) {
      throw new StepIndexException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the pairs whose bias type starts with one of {@code biasTypes}, as
   * lm-evaluation-harness's per-type CrowS-Pairs tasks filter ({@code
   * example["bias_type"].startswith(bias_type)}); all pairs when the list is empty.
   *
   * @throws StepIndexException when the file is unreadable, lacks a column, or no pair is left
   */
  public static List<CrowsPair> read(Path csv, List<String> biasTypes) {
    char delimiter = delimiter(csv);
    Csv.Table table = Csv.read(csv, delimiter);
    for (String column : REQUIRED) {
      if (!table.header().contains(column)) {
        throw new StepIndexException(
            csv
                + " has no '"
                + column
                + "' column; expected CrowS-Pairs'"
                + " crows_pairs_anonymized.csv with columns "
                + String.join(", ", REQUIRED));
      }
    }
    // an "id" column names a pair; in the multilingual files the unnamed index column does (rows
    // count otherwise)
    String idColumn =
        table.header().contains("id")
            ? "id"
            : delimiter == '\t' && table.header().getFirst().isEmpty() ? "" : null;
    List<CrowsPair> pairs = new ArrayList<>();
    TreeSet<String> types = new TreeSet<>();
    int row = 0;
    for (Map<String, String> r : table.records()) {
      row++;
      String type = r.get("bias_type");
      types.add(type);
      if (biasTypes.isEmpty() || biasTypes.stream().anyMatch(type::startsWith)) {
        pairs.add(
            new CrowsPair(
                idColumn != null ? r.get(idColumn) : Integer.toString(row),
                r.get("sent_more"),
                r.get("sent_less"),
                r.get("stereo_antistereo"),
                type));
      }
    }
    if (pairs.isEmpty()) {
      throw new StepIndexException(
          "no CrowS-Pairs example in "
              + csv
              + (biasTypes.isEmpty()
                  ? ""
                  : " has bias type "
                      + String.join(" or ", biasTypes)
                      + "; the file has "
                      + String.join(", ", types)));
    }
    return pairs;
  }
}
