package org.stepindex.query.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stepindex.query.store.BuildFailures.assertOneLineFailure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.store.BuildProgress;

/**
 * Every kind of bad input to {@code IndexBuilder.build} is a one-line {@link StepIndexException}
 * that names the problem, and no index directory is left behind. The damaged {@code .idx} files are
 * written by hand from a good one, at the offsets of the documented layout.
 */
class BuildValidationTest {
  private static final int BATCH = 4;
  private static final int LENGTH = 16;

  /** 64 sequences: 16 steps. */
  private static final int SEQUENCES = 64;

  /**
   * Offsets in the .idx header: magic (9 bytes), version (uint64), dtype (uint8), N, D; then sizes
   * and pointers.
   */
  private static final int VERSION_AT = 9;

  private static final int DTYPE_AT = 17;
  private static final int SIZES_AT = 34;

  @TempDir static Path tmp;
  static HandMadeData.Vocabulary vocabulary;
  static int[][] sequences;
  static Build good;

  @BeforeAll
  static void writeGoodData() {
    vocabulary = HandMadeData.tokenizer(tmp.resolve("tokenizer.json"));
    sequences = HandMadeData.sequences(vocabulary, SEQUENCES, LENGTH, 1);
    Path data = HandMadeData.write(tmp.resolve("good/document"), sequences);
    good = Build.of(data, vocabulary.file(), tmp.resolve("index"), BATCH, LENGTH, "every:1");
  }

  /** Whatever failed, the index directory the build was pointed at was not left behind. */
  @AfterEach
  void noIndexLeftBehind() {
    assertFalse(Files.exists(good.index()), "a failed build left " + good.index());
  }

  /** A copy of the good dataset under {@code name/} whose .idx was changed by {@code damage}. */
  private static Path damagedCopy(String name, Consumer<ByteBuffer> damage) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Path goodDir = good.data().getParent();
    Files.copy(goodDir.resolve("document.bin"), dir.resolve("document.bin"));
    byte[] bytes = Files.readAllBytes(goodDir.resolve("document.idx"));
    ByteBuffer idx = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    damage.accept(idx);
    Files.write(dir.resolve("document.idx"), idx.array());
    return dir.resolve("document");
  }

  private static int pointerAt(int sequence) {
    return SIZES_AT + 4 * SEQUENCES + 8 * sequence;
  }

  @Test
  void missingData() {
    assertOneLineFailure(
        good.withData(tmp.resolve("nowhere/document")), "nowhere", "no Megatron index");
  }

  @Test
  void wrongMagic() throws IOException {
    Path data = damagedCopy("magic", idx -> idx.put(0, (byte) 'X'));
    assertOneLineFailure(good.withData(data), "MMIDIDX");
  }

  @Test
  void versionOtherThanOne() throws IOException {
    Path data = damagedCopy("version", idx -> idx.putLong(VERSION_AT, 2));
    assertOneLineFailure(good.withData(data), "version 2");
  }

  @Test
  void unknownDtype() throws IOException {
    Path data = damagedCopy("dtype", idx -> idx.put(DTYPE_AT, (byte) 9));
    assertOneLineFailure(good.withData(data), "dtype code 9");
  }

  @Test
  void floatDtypeCannotHoldTokenIds() throws IOException {
    Path data = damagedCopy("float", idx -> idx.put(DTYPE_AT, (byte) 6));
    assertOneLineFailure(good.withData(data), "cannot hold token ids");
  }

  @Test
  void pointerBeyondTheBin() throws IOException {
    long binLength = (long) SEQUENCES * LENGTH * 2;
    Path data = damagedCopy("pointer", idx -> idx.putLong(pointerAt(40), binLength + 2));
    assertOneLineFailure(good.withData(data), "sequence 40");
  }

  @Test
  void sizeBeyondTheBin() throws IOException {
    Path data = damagedCopy("size", idx -> idx.putInt(SIZES_AT + 4 * (SEQUENCES - 1), LENGTH + 1));
    assertOneLineFailure(good.withData(data), "sequence " + (SEQUENCES - 1));
  }

  @Test
  void binShorterThanTheIdxSays() throws IOException {
    Path data = damagedCopy("short", idx -> {});
    Path bin = data.resolveSibling("document.bin");
    byte[] bytes = Files.readAllBytes(bin);
    Files.write(bin, Arrays.copyOf(bytes, bytes.length - 1));
    assertOneLineFailure(good.withData(data), "sequence " + (SEQUENCES - 1));
  }

  /**
   * The bad id sits at step 10 of 16 one-step shards, so earlier shards are complete when it is
   * read.
   */
  @ParameterizedTest(name = "threads {0}")
  @ValueSource(ints = {1, 2})
  void tokenIdOutsideTheVocabulary(int threads) {
    int[][] bad = copy(sequences);
    bad[41][5] = vocabulary.outsideId();
    Path data = HandMadeData.write(tmp.resolve("bad-id-" + threads + "/document"), bad);
    BuildProgress progress = new BuildProgress();
    assertOneLineFailure(
        good.withData(data).withThreads(threads),
        progress,
        "token id " + vocabulary.outsideId(),
        "sequence 41",
        "vocabulary");
    assertTrue(progress.shardsDone() > 0, "shards were published before the bad id was read");
  }

  @Test
  void sequenceShorterThanSeqLength() {
    int[][] bad = copy(sequences);
    bad[23] = Arrays.copyOf(bad[23], LENGTH - 1);
    Path data = HandMadeData.write(tmp.resolve("short-sequence/document"), bad);
    assertOneLineFailure(
        good.withData(data), "sequence 23", "has " + (LENGTH - 1) + " tokens", "--seq-length");
  }

  @Test
  void seqLengthOptionDisagreesWithTheData() {
    assertOneLineFailure(good.withLayout(BATCH, 2049), "sequence 0", "--seq-length is 2049");
  }

  @Test
  void stepsStartingAtTheEndOfTheData() {
    assertOneLineFailure(good.withSteps(16, -1), "--steps 16:16", "outside the data", "0:16");
  }

  @Test
  void stepsEndingBeyondTheData() {
    assertOneLineFailure(good.withSteps(3, 17), "--steps 3:17", "outside the data", "0:16");
  }

  @Test
  void stepsEmptyOrNegative() {
    // BuildOptions refuses these before a build starts; the message is still the user's.
    for (long[] steps : new long[][] {{5, 5}, {5, 3}, {-1, 4}}) {
      StepIndexException e =
          assertThrows(
              StepIndexException.class, () -> good.withSteps(steps[0], steps[1]).options());
      assertTrue(
          e.getMessage().startsWith("--steps") && !e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @Test
  void indexDirectoryHoldingSomethingElse() throws IOException {
    Path other = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(other.resolve("holiday.txt"), "not an index");
    Map<String, String> before = Snapshot.of(other);
    assertOneLineFailure(good.withIndex(other), other.toString(), "not a stepindex index");
    assertEquals(before, Snapshot.of(other), "the directory was not touched");
  }

  @Test
  void indexPathIsAFile() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "not an index");
    assertOneLineFailure(good.withIndex(file), file.toString(), "not a stepindex index");
    assertEquals("not an index", Files.readString(file));
  }

  private static int[][] copy(int[][] sequences) {
    int[][] copy = new int[sequences.length][];
    for (int i = 0; i < sequences.length; i++) {
      copy[i] = sequences[i].clone();
    }
    return copy;
  }
}
