package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.stepindex.cli.CliRun.concat;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.stepindex.corpora.PlantedTerm;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.base.Json;

/**
 * The one small corpus and index the CLI tests share, made once per test JVM through the {@code
 * synth} and {@code index} commands themselves (so building it is part of what is tested), and
 * deleted when the JVM exits.
 *
 * <p>600 sequences of 65 tokens, 16 per step: 38 steps, the last one partial (8 sequences), so the
 * data ends inside a batch and the last shard (steps 32..38) is not a Pythia checkpoint range.
 */
final class SmallCorpus {
  static final int SEQUENCES = 600;
  static final int SEQ_LENGTH = 65;
  static final int BATCH_SIZE = 16;

  /** Steps in the data: ceil(600 / 16). */
  static final long STEPS = 38;

  static final String VIEWS = "text,tokens,pythia-numbers";

  private static SmallCorpus instance;

  final Path root;
  final Path corpusDir;
  final Path data;
  final Path tokenizer;
  final Path index;
  final CliRun synthRun;
  final CliRun indexRun;
  final List<PlantedTerm> planted;

  private SmallCorpus(Path root) {
    this.root = root;
    corpusDir = root.resolve("corpus");
    data = corpusDir.resolve(SyntheticCorpus.DATA_NAME);
    tokenizer = corpusDir.resolve(SyntheticCorpus.TOKENIZER_FILE);
    index = root.resolve("index");
    synthRun =
        CliRun.of(
                "synth",
                "--out",
                corpusDir.toString(),
                "--sequences",
                "" + SEQUENCES,
                "--seq-length",
                "" + SEQ_LENGTH,
                "--batch-size",
                "" + BATCH_SIZE)
            .ok();
    indexRun =
        CliRun.of(
                concat(
                    new String[] {
                      "index",
                      "--data",
                      data.toString(),
                      "--tokenizer",
                      tokenizer.toString(),
                      "--index",
                      index.toString(),
                      "--views",
                      VIEWS,
                      "--quiet"
                    },
                    layout()))
            .ok();
    try {
      planted =
          Json.mapper()
              .readValue(
                  corpusDir.resolve(SyntheticCorpus.PLANTED_FILE).toFile(),
                  new TypeReference<List<PlantedTerm>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shared corpus, built on first use. */
  static synchronized SmallCorpus get() {
    if (instance == null) {
      instance = new SmallCorpus(JvmTempDir.create("stepindex-cli-test-"));
    }
    return instance;
  }

  /** {@code --batch-size 16 --seq-length 65}, for the commands that read the data directly. */
  static String[] layout() {
    return new String[] {"--batch-size", "" + BATCH_SIZE, "--seq-length", "" + SEQ_LENGTH};
  }

  /** {@code --data D --tokenizer T --batch-size 16 --seq-length 65}, for {@code show}. */
  String[] dataOptions() {
    return concat(
        new String[] {"--data", data.toString(), "--tokenizer", tokenizer.toString()}, layout());
  }

  PlantedTerm planted(String text) {
    return planted.stream()
        .filter(t -> t.text().equals(text))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no planted term " + text + " in " + planted));
  }

  /** The truth for a planted term at one of its steps, as {sequences, occurrences}. */
  static long[] truthAt(PlantedTerm term, long step) {
    for (int i = 0; i < term.steps().length; i++) {
      if (term.steps()[i] == step) {
        return new long[] {term.sequences()[i], term.occurrences()[i]};
      }
    }
    throw new AssertionError("planted.json has no truth for " + term.text() + " at step " + step);
  }

  /**
   * Runs {@code count --index IDX ARGS... --format json} and returns its one row as {sequences,
   * occurrences}.
   */
  long[] count(String... args) {
    var node =
        CliRun.of(
                concat(
                    concat(new String[] {"count", "--index", index.toString()}, args),
                    "--format",
                    "json"))
            .ok()
            .onlyJsonObject();
    return new long[] {node.get("sequences").asLong(), node.get("occurrences").asLong()};
  }

  static void assertCount(long[] expected, long[] actual, String what) {
    assertEquals(expected[0], actual[0], what + ": sequences");
    assertEquals(expected[1], actual[1], what + ": occurrences");
  }
}
