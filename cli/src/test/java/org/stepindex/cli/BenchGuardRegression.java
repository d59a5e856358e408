package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stepindex.bench.query.BenchQuery;
import org.stepindex.bench.query.CorrectnessGuard;
import org.stepindex.bench.query.ScanMethod;
import org.stepindex.bench.query.Workload;
import org.stepindex.corpora.PlantedTerm;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.query.Count;

/**
 * {@code regressions/bench-guard.txt}: {@code bench} on a tiny synthetic corpus, and the counts its
 * correctness guard holds every method to (the scan of the .bin, itself checked against the
 * synthesizer's record) before it times anything; all exact.
 */
final class BenchGuardRegression implements RegressionCase {
  private static final String SEQUENCES = "1024";
  private static final String SEQ_LENGTH = "64";
  private static final String BATCH_SIZE = "8";
  private static final String SEED = "3";

  @Override
  public String name() {
    return "bench-guard";
  }

  @Override
  public List<String> about() {
    return """
        The bench's correctness guard: bench --sequences %s --seq-length %s --batch-size %s --seed %s
        --no-all-views --queries 1 (one timed call each; no time is pinned). How many counts the three methods
        (stepindex, naive Lucene, the scan of the .bin) were found to agree on, the workload's shape, and the truth
        the guard holds them to: for every query, its count (sequences, occurrences) at the last step and summed over
        every step the guard checks. All exact."""
        .formatted(SEQUENCES, SEQ_LENGTH, BATCH_SIZE, SEED)
        .lines()
        .toList();
  }

  @Override
  public Map<String, Pinned> measure(Path work) {
    Path out = work.resolve("bench");
    // Progress goes to stderr, so the run is checked by its exit code alone.
    CliRun run =
        CliRun.of(
            "bench",
            "--sequences",
            SEQUENCES,
            "--seq-length",
            SEQ_LENGTH,
            "--batch-size",
            BATCH_SIZE,
            "--seed",
            SEED,
            "--no-all-views",
            "--queries",
            "1",
            "--seconds",
            "0.001",
            "--threads",
            "2",
            "--out",
            out.toString(),
            "--format",
            "json");
    assertEquals(0, run.exit(), run::toString);
    JsonNode report = CliRun.json(run.out());
    Map<String, Pinned> values = new LinkedHashMap<>();
    JsonNode corpus = report.path("corpus");
    for (String field :
        List.of("sequences", "steps", "tokens", "shardSchedule", "shards", "timelineSteps")) {
      values.put("corpus " + field, Pinned.exact(corpus.path(field).asText()));
    }
    for (JsonNode row : report.path("rows")) {
      values.put(
          "workload " + row.path("operation").asText(), Pinned.exact(row.path("cases").asText()));
    }
    values.put("counts checked", Pinned.exact(report.path("checkedCounts").asLong()));

    Path data = out.resolve("corpus").resolve("document");
    List<PlantedTerm> planted = planted(out.resolve("corpus").resolve("planted.json"));
    StepLayout layout = new StepLayout(Integer.parseInt(BATCH_SIZE), Integer.parseInt(SEQ_LENGTH));
    try (ScanMethod scan =
        new ScanMethod(data, out.resolve("corpus").resolve("tokenizer.json"), layout)) {
      Workload workload =
          Workload.forCorpus(
              corpus.path("steps").asLong(), planted, corpus.path("shardSchedule").asText());
      CorrectnessGuard guard = new CorrectnessGuard(scan, workload, planted);
      long[] steps = workload.allSteps();
      values.put("steps checked", Pinned.exact(steps.length));
      for (BenchQuery query : workload.allQueries()) {
        Count last = guard.truth(query, workload.lastStep());
        long sequences = 0;
        long occurrences = 0;
        for (long step : steps) {
          Count count = guard.truth(query, step);
          sequences += count.sequences();
          occurrences += count.occurrences();
        }
        values.put(
            "truth " + query.label() + " at " + workload.lastStep(),
            Pinned.count(last.sequences(), last.occurrences()));
        values.put(
            "truth " + query.label() + " summed over the steps checked",
            Pinned.count(sequences, occurrences));
      }
    }
    return values;
  }

  private static List<PlantedTerm> planted(Path file) {
    try {
      return Json.mapper().readValue(file.toFile(), new TypeReference<List<PlantedTerm>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
