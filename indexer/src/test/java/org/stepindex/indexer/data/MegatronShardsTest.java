package org.stepindex.indexer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The Hugging Face layout: one {@code .idx} beside the {@code .bin} cut into byte-range shards,
 * read in place.
 */
class MegatronShardsTest {
  @TempDir Path dir;
  Path whole;
  Path shards;
  int[][] sequences;

  @BeforeEach
  void writeWholeDataset() throws IOException {
    sequences = ReferenceFormat.randomSequences(new Random(11), 60, 300, 0, 65535);
    sequences[10] = new int[2049]; // a long sequence that several cuts fall inside
    for (int i = 0; i < 2049; i++) {
      sequences[10][i] = 65535 - i;
    }
    whole = dir.resolve("whole");
    Files.createDirectory(whole);
    MegatronWriterTest.write(whole.resolve("document"), TokenDType.UINT16, sequences);
    shards = Files.createDirectory(dir.resolve("shards"));
    Files.copy(whole.resolve("document.idx"), shards.resolve("document.idx"));
  }

  /**
   * Cuts at odd offsets: mid-token, several inside sequence 10, one empty shard, and one a byte
   * before the end.
   */
  private List<Path> cutAtOddOffsets() throws IOException {
    long start10;
    long end10;
    try (MegatronDataset dataset = MegatronDataset.open(whole)) {
      start10 = dataset.pointer(10);
      end10 = start10 + 2L * dataset.size(10);
    }
    long length = Files.size(whole.resolve("document.bin"));
    long[] cuts = {
      1,
      333,
      start10 + 1,
      start10 + 1,
      start10 + 1000,
      start10 + 1001,
      start10 + 3003,
      end10 - 1,
      end10 + 7,
      length / 2 + 1,
      length - 1
    };
    return MegatronWriter.splitIntoShards(whole.resolve("document.bin"), shards, "document", cuts);
  }

  @Test
  void shardsCutMidTokenReadBackLikeTheWholeFile() throws IOException {
    List<Path> files = cutAtOddOffsets();
    assertEquals(12, files.size());
    for (Path path : List.of(shards, shards.resolve("document"), shards.resolve("document.idx"))) {
      try (MegatronDataset dataset = MegatronDataset.open(path);
          MegatronDataset reference = MegatronDataset.open(whole)) {
        assertEquals(files, dataset.binFiles());
        assertEquals(
            reference.fingerprint(),
            dataset.fingerprint(),
            "the fingerprint ignores how the data is cut");
        MegatronDatasetTest.assertHolds(sequences, dataset);
      }
    }
  }

  @Test
  void aMissingMiddleShardIsNamed() throws IOException {
    List<Path> files = cutAtOddOffsets();
    Files.delete(files.get(5));
    StepIndexException e =
        assertThrows(StepIndexException.class, () -> MegatronDataset.open(shards));
    assertTrue(e.getMessage().contains("document-00005-of-00011.bin"), e.getMessage());
  }

  @Test
  void aMissingLastShardIsNamed() throws IOException {
    List<Path> files = cutAtOddOffsets();
    Files.delete(files.getLast());
    StepIndexException e =
        assertThrows(StepIndexException.class, () -> MegatronDataset.open(shards));
    assertTrue(e.getMessage().contains("document-00011-of-00011.bin"), e.getMessage());
  }

  @Test
  void shardsOfTwoSeriesAreRefused() throws IOException {
    cutAtOddOffsets();
    Files.write(shards.resolve("document-00000-of-00003.bin"), new byte[1]);
    StepIndexException e =
        assertThrows(StepIndexException.class, () -> MegatronDataset.open(shards));
    assertTrue(
        e.getMessage().contains("-of-00003") && e.getMessage().contains("-of-00011"),
        e.getMessage());
  }

  @Test
  void aShardBeyondTheSeriesIsRefused() throws IOException {
    cutAtOddOffsets();
    Files.write(shards.resolve("document-00012-of-00011.bin"), new byte[1]);
    StepIndexException e =
        assertThrows(StepIndexException.class, () -> MegatronDataset.open(shards));
    assertTrue(e.getMessage().contains("document-00012-of-00011.bin"), e.getMessage());
  }

  @Test
  void aWholeBinWinsOverShards() throws IOException {
    cutAtOddOffsets();
    Files.copy(whole.resolve("document.bin"), shards.resolve("document.bin"));
    try (MegatronDataset dataset = MegatronDataset.open(shards)) {
      assertEquals(List.of(shards.resolve("document.bin")), dataset.binFiles());
      MegatronDatasetTest.assertHolds(sequences, dataset);
    }
  }

  @Test
  void aShardSeriesTooShortForTheIndexIsRefused() throws IOException {
    List<Path> files = cutAtOddOffsets();
    Files.write(files.getLast(), new byte[0]); // the last byte of the data is lost
    StepIndexException e =
        assertThrows(StepIndexException.class, () -> MegatronDataset.open(shards));
    assertTrue(e.getMessage().contains("sequence " + (sequences.length - 1)), e.getMessage());
  }
}
