package org.stepindex.indexer.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.data.MegatronWriter;
import org.stepindex.indexer.data.TokenDType;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;

/**
 * What the writers leave is readable by a lab as any file its user creates (the umask's
 * permissions), not private to its owner as {@link Files#createTempFile} makes it, and no temporary
 * file is left beside it.
 */
class TempFilesTest {
  @TempDir Path dir;

  private Set<PosixFilePermission> plain() throws IOException {
    return Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
  }

  @Test
  void temporaryFilesGetTheUmasksPermissions() throws IOException {
    Set<PosixFilePermission> plain = plain();
    Path target = dir.resolve("target.json");
    Path tmp = TempFiles.besides(target);
    assertEquals(dir, tmp.getParent());
    assertTrue(
        tmp.getFileName().toString().startsWith(".target.json.") && tmp.toString().endsWith(".tmp"),
        tmp.toString());
    assertEquals(0, Files.size(tmp));
    assertEquals(plain, Files.getPosixFilePermissions(tmp));
    assertNotEquals(tmp, TempFiles.besides(target), "each call makes a new file");
  }

  @Test
  void everyWriterLeavesFilesWithTheUmasksPermissions() throws IOException {
    Set<PosixFilePermission> plain = plain();
    AtomicFiles.write(dir.resolve("manifest.json"), "{}".getBytes());
    ByteLevelBpeWriter.write(dir.resolve("tokenizer.json"), List.of("alpha", "beta"));
    try (MegatronWriter writer = MegatronWriter.create(dir.resolve("corpus"), TokenDType.UINT16)) {
      writer.addSequence(new int[] {1, 2, 3}, 0, 3);
    }
    MegatronWriter.splitIntoShards(dir.resolve("corpus.bin"), dir, "split", new long[] {2});
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = files.sorted().toList();
      assertEquals(
          List.of(
              "corpus.bin",
              "corpus.idx",
              "manifest.json",
              "plain",
              "split-00000-of-00001.bin",
              "split-00001-of-00001.bin",
              "tokenizer.json"),
          all.stream().map(p -> p.getFileName().toString()).toList(),
          "nothing left beside them");
      for (Path file : all) {
        assertEquals(plain, Files.getPosixFilePermissions(file), file.toString());
      }
    }
  }
}
