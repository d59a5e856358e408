package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stepindex.cli.CliRun.concat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;

/**
 * {@code stepindex verify} on real damage: bytes flipped in a shard's Lucene file, a truncated
 * file, a flipped token in the data; {@code --repair} followed by the printed command rebuilds
 * exactly the damaged shard; a query meeting a damaged shard stops with one line.
 */
class VerifyCommandTest {
  private static SmallCorpus corpus;
  @TempDir Path tmp;

  @BeforeAll
  static void corpus() {
    corpus = SmallCorpus.get();
  }

  private Path copyOfIndex() throws IOException {
    Path copy = tmp.resolve("index");
    try (Stream<Path> walk = Files.walk(corpus.index)) {
      for (Path p : walk.toList()) {
        Path target = copy.resolve(corpus.index.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return copy;
  }

  private static CliRun verify(Path index, String... more) {
    return CliRun.of(concat(new String[] {"verify", "--index", index.toString(), "--quiet"}, more));
  }

  /** The largest Lucene file of a shard (its postings live there, whether compound or not). */
  private static Path largestFile(Path index, ShardInfo shard) throws IOException {
    try (Stream<Path> files = Files.list(index.resolve("shards").resolve(shard.name()))) {
      return files
          .filter(Files::isRegularFile)
          .max(Comparator.comparingLong(VerifyCommandTest::size))
          .orElseThrow();
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x5A);
    }
  }

  @Test
  void anIntactIndexIsCleanAlsoAgainstEveryTokenOfItsData() {
    CliRun run = verify(corpus.index, "--data", corpus.data.toString(), "--full").ok();
    List<String> lines = run.outLines();
    assertEquals(1, lines.size(), run::toString);
    assertTrue(
        lines.getFirst().startsWith("index " + corpus.index + " is intact: checked "),
        run::toString);
    assertTrue(lines.getFirst().contains("data: every token"), run::toString);
  }

  @Test
  void flippedBytesInAShardAreFoundRepairedAndRebuiltByThePrintedCommand() throws IOException {
    Path index = copyOfIndex();
    List<ShardInfo> shards = Manifest.read(index).shards();
    ShardInfo victim = shards.get(shards.size() / 2);
    Path file = largestFile(index, victim);
    flipByte(file, size(file) / 2);
    long[] before = corpus.count("--step", "" + SmallCorpus.STEPS, "galaxy");

    CliRun damaged = verify(index);
    assertEquals(1, damaged.exit(), damaged::toString);
    List<String> lines = damaged.outLines();
    assertEquals(2, lines.size(), "one problem line and the summary: " + damaged);
    String problem = lines.getFirst();
    assertTrue(problem.startsWith(victim.name() + ": "), problem);
    assertTrue(
        lines.get(1).startsWith("index " + index + " is damaged: 1 problem (1 damaged shard,"),
        lines.get(1));
    String rebuild =
        problem.substring(problem.indexOf("then stepindex ") + "then stepindex ".length());
    assertTrue(rebuild.endsWith("--steps " + victim.firstStep() + ":" + victim.endStep()), rebuild);

    CliRun repaired = verify(index, "--repair");
    assertEquals(1, repaired.exit(), "damage was found, so the status says so also when repaired");
    assertTrue(
        repaired.out().contains("repaired: removed shard " + victim.name()), repaired::toString);
    assertFalse(Manifest.read(index).shards().contains(victim));
    assertEquals(shards.size() - 1, Manifest.read(index).shards().size());

    CliRun rebuilt = CliRun.of(concat(rebuild.split(" "), "--quiet")).ok();
    assertTrue(
        rebuilt.out().startsWith("indexed " + String.format("%,d", victim.sequences())),
        rebuilt::toString);
    assertTrue(rebuilt.out().contains("into 1 new shards"), rebuilt::toString);
    assertEquals(shards, Manifest.read(index).shards());
    verify(index, "--data", corpus.data.toString(), "--full").ok();
    var node =
        CliRun.of(
                "count",
                "--index",
                index.toString(),
                "--step",
                "" + SmallCorpus.STEPS,
                "galaxy",
                "--format",
                "json")
            .ok()
            .onlyJsonObject();
    assertEquals(before[0], node.get("sequences").asLong());
    assertEquals(before[1], node.get("occurrences").asLong());
  }

  @Test
  void serveWithVerifyListsTheDamageAndServesNothing() throws IOException {
    Path index = copyOfIndex();
    ShardInfo victim = Manifest.read(index).shards().getLast();
    Path file = largestFile(index, victim);
    flipByte(file, size(file) / 3);
    CliRun run = CliRun.of("serve", "--index", index.toString(), "--port", "0", "--verify");
    assertEquals(1, run.exit(), run::toString);
    assertEquals("", run.out(), "no ready line: nothing is served");
    List<String> err = run.err().lines().toList();
    assertEquals(3, err.size(), "the problem, the summary, what to do: " + run);
    assertTrue(err.get(0).startsWith("stepindex serve: " + victim.name() + ": "), err.get(0));
    assertTrue(
        err.get(1).startsWith("stepindex serve: index " + index + " is damaged: 1 problem "),
        err.get(1));
    assertTrue(err.get(2).startsWith("stepindex: not serving a damaged index"), err.get(2));
  }

  @Test
  void aQueryMeetingATruncatedShardFileStopsWithOneLine() throws IOException {
    Path index = copyOfIndex();
    ShardInfo victim = Manifest.read(index).shards().getFirst();
    Path file = largestFile(index, victim);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() - 7);
    }
    // Shards open when a count first needs them, and a term's total comes from the term statistics
    // table: a phrase reads the shard's own positions, so it meets the damage.
    String message =
        CliRun.of("count", "--index", index.toString(), "--step", "1", "\"the galaxy\"")
            .userError();
    assertEquals(
        "shard "
            + victim.name()
            + " of "
            + index
            + " is damaged; run stepindex verify --index "
            + index,
        message);
    CliRun found = verify(index);
    assertEquals(1, found.exit(), found::toString);
    assertTrue(found.outLines().getFirst().startsWith(victim.name() + ": "), found::toString);
  }

  @Test
  void aChangedTokenOfTheDataIsFoundByFullOnlyInTheShardHoldingIt() throws IOException {
    // A copy of the data with one token changed in a sequence the sampled fingerprint does not
    // read.
    Path dataDir = tmp.resolve("data");
    Files.createDirectories(dataDir);
    Path bin = dataDir.resolve(corpus.data.getFileName() + ".bin");
    Files.copy(Path.of(corpus.data + ".bin"), bin);
    Files.copy(Path.of(corpus.data + ".idx"), dataDir.resolve(corpus.data.getFileName() + ".idx"));
    long n = SmallCorpus.SEQUENCES;
    long sequence = 1;
    while (isSampled(sequence, n)) {
      sequence++;
    }
    long tokenOffset = (sequence * SmallCorpus.SEQ_LENGTH + 3) * 2; // uint16 tokens
    byte[] bytes = Files.readAllBytes(bin);
    bytes[(int) tokenOffset] ^= 1;
    Files.write(bin, bytes);
    Path data = dataDir.resolve(corpus.data.getFileName().toString());

    verify(corpus.index, "--data", data.toString()).ok(); // the sampled fingerprint cannot see it
    CliRun full = verify(corpus.index, "--data", data.toString(), "--full");
    assertEquals(1, full.exit(), full::toString);
    long step = sequence / SmallCorpus.BATCH_SIZE;
    ShardInfo holder =
        Manifest.read(corpus.index).shards().stream()
            .filter(s -> s.firstStep() <= step && step < s.endStep())
            .findFirst()
            .orElseThrow();
    assertEquals(2, full.outLines().size(), full::toString);
    assertTrue(
        full.outLines().getFirst().startsWith(holder.name() + ": the data's tokens differ"),
        full::toString);
  }

  @Test
  void fullWithoutDataAndAMissingIndexAreUserErrors() {
    assertTrue(verify(corpus.index, "--full").userError().contains("--data"));
    assertTrue(verify(tmp.resolve("nothing")).userError().startsWith("no index at "));
  }

  /**
   * Whether the data fingerprint reads sequence {@code s} of {@code n} (257 samples, first and last
   * included).
   */
  private static boolean isSampled(long s, long n) {
    long samples = Math.min(n, 257);
    for (long i = 0; i < samples; i++) {
      if (i * (n - 1) / (samples - 1) == s) {
        return true;
      }
    }
    return false;
  }
}
