package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.data.MegatronWriter;
import org.stepindex.indexer.data.TokenDType;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.query.FrequencyIndex;

/**
 * Memory bounded whatever the vocabulary: a corpus of about three million distinct words and as
 * many distinct word pairs (random six-letter words spelled in byte tokens), in two shards of up to
 * 1.8 million of each, is indexed, has the {@code bigrams} view added and is verified, each in a
 * JVM of its own with a 256 MB heap, as the launcher runs it; then counts of planted words and
 * planted pairs, at steps inside shards, on a shard edge and at the end of the trailing partial
 * batch, are checked against a tally kept while the corpus was written. Before the term statistics
 * table streamed each shard's terms, {@code --add-view bigrams} died here with {@code
 * OutOfMemoryError}.
 *
 * <p>Then the same build under a heap far too small for it ends in one line that names what ran out
 * and the knob to turn, with no stack trace and a non-zero exit.
 */
class SmallHeapTest {
  private static final int WORDS_PER_SEQUENCE = 143;

  /** A space and six letters per word. */
  private static final int SEQ_LENGTH = 7 * WORDS_PER_SEQUENCE;

  private static final int BATCH_SIZE = 32;
  private static final int SEQUENCES = 21_000;

  /** ceil(21000 / 32): the last step holds 8 sequences. */
  private static final int STEPS = 657;

  private static final String SHARDS = "every:400";

  /** Planted words hold a z, which no random word does. */
  private static final String[] PLANTED = {"zebras", "zigzag", "quartz", "blazer"};

  private static final int[] CHECKED_STEPS = {1, 250, 400, 401, 600, STEPS};

  @TempDir static Path dir;
  private static Path data;
  private static Path tokenizer;

  /** Per planted word, its occurrences in each sequence. */
  private static int[][] wordCounts;

  /** Per planted pair (word i then word i + 1), its occurrences in each sequence. */
  private static int[][] pairCounts;

  @BeforeAll
  static void writeCorpus() throws IOException {
    tokenizer = dir.resolve("tokenizer.json");
    ByteLevelBpeWriter.write(tokenizer, List.of("the"));
    int space;
    int[] letters = new int[26];
    try (HfTokenizer hf = HfTokenizer.load(tokenizer)) {
      space = single(hf.encode(" "));
      for (int l = 0; l < 26; l++) {
        letters[l] = single(hf.encode(String.valueOf((char) ('a' + l))));
      }
    }
    wordCounts = new int[PLANTED.length][SEQUENCES];
    pairCounts = new int[PLANTED.length - 1][SEQUENCES];
    data = dir.resolve("corpus").resolve("document");
    Files.createDirectories(data.getParent());
    Random random = new Random(15);
    int[] ids = new int[SEQ_LENGTH];
    try (MegatronWriter writer = MegatronWriter.create(data, TokenDType.UINT16)) {
      for (int seq = 0; seq < SEQUENCES; seq++) {
        int at = 0;
        int previous = -1;
        for (int w = 0; w < WORDS_PER_SEQUENCE; w++) {
          ids[at++] = space;
          // A planted word is followed by the next planted word half the time, so the planted pairs
          // occur too.
          int planted =
              random.nextInt(1000) == 0
                  ? random.nextInt(PLANTED.length)
                  : previous >= 0 && previous + 1 < PLANTED.length && random.nextBoolean()
                      ? previous + 1
                      : -1;
          if (planted >= 0) {
            for (int c = 0; c < 6; c++) {
              ids[at++] = letters[PLANTED[planted].charAt(c) - 'a'];
            }
            wordCounts[planted][seq]++;
            if (previous >= 0 && planted == previous + 1) {
              pairCounts[previous][seq]++;
            }
          } else {
            for (int c = 0; c < 6; c++) {
              ids[at++] =
                  letters[random.nextInt(25)]; // a to y: never a planted word, which holds a z
            }
          }
          previous = planted;
        }
        writer.addSequence(ids, 0, SEQ_LENGTH);
      }
    }
  }

  @Test
  void buildAddViewVerifyAndCountUnderA256MbHeap() throws IOException {
    Path index = dir.resolve("index");
    ChildProcess build =
        cli(
            "-Xmx256m",
            "index",
            "--data",
            data.toString(),
            "--tokenizer",
            tokenizer.toString(),
            "--index",
            index.toString(),
            "--views",
            "text",
            "--shards",
            SHARDS,
            "--batch-size",
            "" + BATCH_SIZE,
            "--seq-length",
            "" + SEQ_LENGTH,
            "--quiet");
    assertEquals(0, build.exit(), build::toString);
    ChildProcess add =
        cli("-Xmx256m", "index", "--index", index.toString(), "--add-view", "bigrams", "--quiet");
    assertEquals(0, add.exit(), add::toString);
    assertFalse(
        add.err().contains("warning"), "the table must be written, not given up: " + add.err());
    ChildProcess verify = cli("-Xmx256m", "verify", "--index", index.toString());
    assertEquals(0, verify.exit(), verify::toString);

    try (FrequencyIndex opened = FrequencyIndex.open(index)) {
      assertEquals(
          2, opened.shardsInTermStatsTable(), "both shards, with their bigrams, are in the table");
    }

    Path queries = dir.resolve("queries.txt");
    List<String> lines = new ArrayList<>(List.of(PLANTED));
    for (int p = 0; p + 1 < PLANTED.length; p++) {
      lines.add("\"" + PLANTED[p] + " " + PLANTED[p + 1] + "\"");
    }
    Files.write(queries, lines);
    StringBuilder steps = new StringBuilder();
    for (int step : CHECKED_STEPS) {
      steps.append(steps.isEmpty() ? "" : ",").append(step);
    }
    ChildProcess counts =
        cli(
            "-Xmx256m",
            "count",
            "--index",
            index.toString(),
            "--queries",
            queries.toString(),
            "--steps",
            steps.toString(),
            "--format",
            "csv");
    assertEquals(0, counts.exit(), counts::toString);
    StringBuilder expected = new StringBuilder("query,view,step,sequences,occurrences\n");
    for (int q = 0; q < lines.size(); q++) {
      int[] perSequence = q < PLANTED.length ? wordCounts[q] : pairCounts[q - PLANTED.length];
      String query =
          lines.get(q).contains(" ")
              ? "\"\"\"" + lines.get(q).replace("\"", "") + "\"\"\""
              : lines.get(q);
      for (int step : CHECKED_STEPS) {
        long[] truth = tally(perSequence, Math.min(SEQUENCES, (long) step * BATCH_SIZE));
        expected
            .append(query)
            .append(",text,")
            .append(step)
            .append(',')
            .append(truth[0])
            .append(',')
            .append(truth[1])
            .append('\n');
      }
    }
    assertEquals(expected.toString(), counts.out());
    assertTrue(
        tally(pairCounts[0], SEQUENCES)[1] > 0, "a planted pair occurs, so the pair rows can fail");
  }

  @Test
  void aHeapTooSmallEndsInOneLineThatSaysWhatToDo() {
    Path index = dir.resolve("starved");
    ChildProcess build =
        cli(
            "-Xmx24m",
            "index",
            "--data",
            data.toString(),
            "--tokenizer",
            tokenizer.toString(),
            "--index",
            index.toString(),
            "--views",
            "text,bigrams",
            "--shards",
            SHARDS,
            "--batch-size",
            "" + BATCH_SIZE,
            "--seq-length",
            "" + SEQ_LENGTH,
            "--quiet");
    assertEquals(3, build.exit(), build::toString);
    assertEquals("", build.out());
    List<String> lines = build.err().lines().toList();
    assertEquals(1, lines.size(), build::toString);
    assertTrue(lines.getFirst().startsWith("stepindex: out of memory ("), lines.getFirst());
    assertTrue(lines.getFirst().contains("STEPINDEX_JAVA_OPTS=-Xmx"), lines.getFirst());
  }

  private static long[] tally(int[] perSequence, long sequences) {
    long withMatch = 0;
    long occurrences = 0;
    for (int seq = 0; seq < sequences; seq++) {
      withMatch += perSequence[seq] > 0 ? 1 : 0;
      occurrences += perSequence[seq];
    }
    return new long[] {withMatch, occurrences};
  }

  private static int single(int[] ids) {
    assertEquals(1, ids.length, "one byte, one token");
    return ids[0];
  }

  private static ChildProcess cli(String heap, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                heap,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    return ChildProcess.run(Map.of(), command);
  }
}
