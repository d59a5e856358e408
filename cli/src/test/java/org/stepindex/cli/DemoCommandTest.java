package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo}: the tour synthesizes, indexes and checks every planted count against the truth. */
class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void demoFindsEveryPlantedCountEqualToTheTruth() {
    String out = CliRun.of("demo", "--out", dir.toString(), "--quiet").ok().out();
    assertTrue(out.contains("\nAll planted counts equal the truth.\n"), out);
    assertFalse(out.contains("MISMATCH"), out);
    assertTrue(Files.isRegularFile(dir.resolve("index").resolve("manifest.json")), "the index is left for the user");
    assertTrue(out.contains("./stepindex count --index " + dir.resolve("index")), "suggests a next command: " + out);
  }

  /** The check comes before any work, so nothing of the existing directory is touched. */
  @Test
  void demoRefusesAnExistingIndex() throws IOException {
    Files.createDirectories(dir.resolve("index"));
    String message = CliRun.of("demo", "--out", dir.toString(), "--quiet").userError();
    assertEquals(dir.resolve("index") + " already exists; give 'demo --out' a new directory", message);
    assertFalse(Files.exists(dir.resolve("corpus")), "nothing synthesized");
  }
}
