package org.stepindex.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.stepindex.eval.tasks.Checkpoint;
import org.stepindex.indexer.base.Csv;

/**
 * {@code regressions/demo-quick.txt}: what {@code demo --quick} (the run {@link QuickDemo} shares)
 * measured, per run: losses, Spearman ρ and Δ, he/she counts, and the checkpoints with the hashes
 * of their files that are the same on every machine.
 */
final class DemoRegression implements RegressionCase {
  /**
   * The losses are libtorch's float32 sums, whose order depends on the CPU's vector width (AVX2,
   * AVX-512) and the intra-op thread count, and training carries each rounding difference on
   * through 128 steps: 1 and 2 intra-op threads gave losses at most 1e-6 apart in every run. A
   * thousand times that is still far below what any change of data, order, model or optimizer
   * moves.
   */
  static final double LOSS_TOLERANCE = 1e-3;

  private static final List<String> RUNS = List.of("tiny", "mini", "mini-swapped");

  /** Checkpoint files that libtorch does not compute: the same bytes on every machine. */
  private static final List<String> MACHINE_INDEPENDENT = List.of("config.json", "tokenizer.json");

  private static final long INTERVENTION_STEP = 101;

  @Override
  public String name() {
    return "demo-quick";
  }

  @Override
  public List<String> about() {
    return """
        demo --quick, the mini-Pythia study (the run DemoCommandTest checks): the corpus's totals; per run (tiny,
        mini, and mini-swapped: mini resumed at step %d with the pronoun swap) the training loss of its first step
        and of the last step before each checkpoint, its checkpoints, and the SHA-256 of their config.json and
        tokenizer.json; per model, k and checkpoint, Spearman rho and Delta of arithmetic accuracy against operand
        frequency; and "he" and "she" as the original and the swapped run saw them (exact counts of index/ and
        index-swapped/).

        Losses are libtorch's float32 sums, whose order depends on the CPU (AVX2 or AVX-512) and on the intra-op
        thread count: 1 and 2 threads gave losses at most 1e-6 apart, and they are compared within %s. For the same
        reason weights and AdamW moments differ in their last bits from machine to machine, so model.safetensors and
        optimizer.safetensors are not hashed (nor trainer-state.json: losses, thread count, absolute paths). rho and
        Delta are computed in Java from the greedy answers, and pinned exactly as the correlate table writes them: 1
        and 2 threads gave every answer the same; only a near tie in a greedy choice (docs/testing.md) could move
        them on another CPU."""
        .formatted(INTERVENTION_STEP, LOSS_TOLERANCE)
        .lines()
        .toList();
  }

  @Override
  public Map<String, Pinned> measure(Path work) {
    Path dir = QuickDemo.get().dir;
    Map<String, Pinned> values = new LinkedHashMap<>();
    JsonNode stats =
        CliRun.json(
            CliRun.of("stats", "--index", dir.resolve("index").toString(), "--json").ok().out());
    values.put("corpus sequences", Pinned.exact(stats.path("data").path("sequences").asLong()));
    values.put("corpus tokens", Pinned.exact(stats.path("data").path("tokens").asLong()));
    for (String run : RUNS) {
      Path runDir = dir.resolve("runs").resolve(run);
      TreeMap<Long, Path> checkpoints = checkpoints(runDir);
      values.put(
          "checkpoints " + run,
          Pinned.exact(checkpoints.values().stream().map(Path::getFileName).toList()));
      for (String file : MACHINE_INDEPENDENT) {
        TreeSet<String> hashes = new TreeSet<>();
        checkpoints.values().forEach(checkpoint -> hashes.add(sha256(checkpoint.resolve(file))));
        values.put(
            "checkpoints " + run + " " + file + " sha256", Pinned.exact(String.join(" ", hashes)));
      }
      losses(values, run, runDir.resolve("train-log.jsonl"), checkpoints.keySet());
    }
    Csv.Table summary = Csv.read(dir.resolve("correlate").resolve("arithmetic-summary.csv"));
    for (Map<String, String> row : summary.records()) {
      String key =
          row.get("model")
              + " k="
              + row.get("k")
              + " "
              + row.get("op")
              + " step "
              + row.get("step");
      values.put("rho " + key, Pinned.exact(undefinedIfEmpty(row.get("spearman"))));
      values.put("delta " + key, Pinned.exact(undefinedIfEmpty(row.get("delta"))));
    }
    for (String index : List.of("index", "index-swapped")) {
      for (String word : List.of("he", "she")) {
        for (long step :
            new long[] {
              INTERVENTION_STEP, checkpoints(dir.resolve("runs").resolve("mini")).lastKey()
            }) {
          JsonNode row =
              CliRun.of(
                      "count",
                      "--index",
                      dir.resolve(index).toString(),
                      "--step",
                      "" + step,
                      "--format",
                      "json",
                      word)
                  .ok()
                  .onlyJsonObject();
          values.put(
              index + " \"" + word + "\" at " + step,
              Pinned.count(row.path("sequences").asLong(), row.path("occurrences").asLong()));
        }
      }
    }
    return values;
  }

  /** The loss of the run's first step and of the last step before each checkpoint. */
  private static void losses(
      Map<String, Pinned> values, String run, Path log, Set<Long> checkpoints) {
    Map<Long, Double> byStep = new LinkedHashMap<>();
    try (Stream<String> lines = Files.lines(log)) {
      lines
          .filter(l -> !l.isBlank())
          .map(CliRun::json)
          .forEach(line -> byStep.put(line.path("step").asLong(), line.path("loss").asDouble()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TreeSet<Long> steps = new TreeSet<>();
    steps.add(byStep.keySet().iterator().next());
    checkpoints.forEach(c -> steps.add(c - 1));
    for (long step : steps) {
      Double loss = byStep.get(step);
      if (loss == null) {
        throw new AssertionError(log + " has no loss at step " + step);
      }
      values.put("loss " + run + " step " + step, Pinned.within(loss, LOSS_TOLERANCE));
    }
  }

  /** The run's checkpoint directories by step. */
  private static TreeMap<Long, Path> checkpoints(Path run) {
    try (Stream<Path> dirs = Files.list(run)) {
      TreeMap<Long, Path> steps = new TreeMap<>();
      dirs.filter(Files::isDirectory)
          .map(Checkpoint::of)
          .filter(c -> c.step() != null)
          .forEach(c -> steps.put(c.step(), c.dir()));
      return steps;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String undefinedIfEmpty(String cell) {
    return cell.isEmpty() ? "undefined" : cell;
  }

  private static String sha256(Path file) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
