package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regressions' file format and comparison: what matches, what is reported as moved, and how.
 */
class PinnedFileTest {
  @TempDir Path dir;

  private static Map<String, Pinned> values() {
    Map<String, Pinned> values = new LinkedHashMap<>();
    values.put("tokens", Pinned.exact(39_000));
    values.put("text \"quasar nebula\" at 16", Pinned.count(29, 31));
    values.put("loss tiny step 0", Pinned.within(7.4628143310546875, 1e-3));
    return values;
  }

  @Test
  void aFileReadsBackAsWrittenWithItsCommentsSkipped() throws IOException {
    Path file = dir.resolve("case.txt");
    PinnedFile.write(file, List.of("what the case runs", ""), values());
    assertEquals(
        """
        # what the case runs
        #

        tokens = 39000
        text "quasar nebula" at 16 = 29 sequences, 31 occurrences
        loss tiny step 0 = 7.46281 ± 0.001
        """,
        Files.readString(file));
    assertEquals(List.of(), PinnedFile.diff(PinnedFile.read(file), values()));
  }

  /**
   * Exact values match only the same text; a libtorch float matches within its tolerance, the
   * file's.
   */
  @Test
  void everyMoveIsReportedOnceWithItsKey() {
    Map<String, Pinned> actual = new LinkedHashMap<>(values());
    actual.put("loss tiny step 0", Pinned.within(7.4637, 1e-3));
    assertEquals(List.of(), PinnedFile.diff(values(), actual), "0.0009 is within 0.001");
    actual.put("tokens", Pinned.exact(39_001));
    actual.put("loss tiny step 0", Pinned.within(7.4640, 1e-3));
    actual.remove("text \"quasar nebula\" at 16");
    actual.put("new key", Pinned.exact(1));
    assertEquals(
        List.of(
            new PinnedFile.Moved("tokens", "39000", "39001"),
            new PinnedFile.Moved(
                "text \"quasar nebula\" at 16", "29 sequences, 31 occurrences", "(absent)"),
            new PinnedFile.Moved("loss tiny step 0", "7.46281 ± 0.001", "7.46400"),
            new PinnedFile.Moved("new key", "(absent)", "1")),
        PinnedFile.diff(values(), actual));
  }

  @Test
  void aLineThatIsNotANewKeyIsRefused() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.txt"), "a = 1\na = 2\n");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> PinnedFile.read(file));
    assertTrue(e.getMessage().contains("bad.txt:2"), e.getMessage());
  }
}
