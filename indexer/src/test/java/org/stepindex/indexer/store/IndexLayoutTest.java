package org.stepindex.indexer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IndexLayout}: the on-disk names of an index, pinned, since indexes already built must
 * still open.
 */
class IndexLayoutTest {
  @TempDir Path tmp;

  @Test
  void namesEveryPathAsIndexesOnDiskHaveThem() {
    Path dir = Path.of("/data/index");
    IndexLayout paths = IndexLayout.of(dir);
    assertEquals(dir.resolve("manifest.json"), paths.manifest());
    assertEquals(dir.resolve(".lock"), paths.lock());
    assertEquals(dir.resolve("shards"), paths.shards());
    assertEquals(
        dir.resolve("shards/steps-000000000-000001000"), paths.shard("steps-000000000-000001000"));
    assertEquals(
        dir.resolve("shards/steps-000000000-000001000/cache"),
        paths.matchCaches("steps-000000000-000001000"));
    assertEquals(dir.resolve("views/entities"), paths.view("entities"));
    assertEquals(dir.resolve("views/entities/steps-1"), paths.sideIndex("entities", "steps-1"));
    assertEquals(dir.resolve("views/entities/declared-pairs.tsv"), paths.declaredPairs("entities"));
    assertEquals(dir.resolve("stats"), paths.stats());
    assertEquals(dir.resolve("stats/.refresh-lock"), paths.statsLock());
    assertEquals(dir.resolve("shards/.claim-steps-1"), paths.claim("steps-1"));
    assertEquals(
        dir.resolve("shards/.claim-view-bigrams-steps-1"),
        paths.claim(IndexLayout.viewClaim("bigrams", "steps-1")));
    assertEquals(
        dir.resolve("views/bigrams/.tmp-steps-1"),
        IndexLayout.temporary(paths.view("bigrams"), "steps-1"));
    // The names other classes publish are these.
    assertEquals("manifest.json", Manifest.FILE_NAME);
    assertEquals(".lock", IndexLock.FILE_NAME);
    assertEquals("stats", TermStatsTable.DIR);
    assertEquals("views", ViewAdder.VIEWS_DIR);
  }

  @Test
  void readsItsOwnNamesBack() throws IOException {
    IndexLayout paths = IndexLayout.of(tmp);
    assertTrue(IndexLayout.isClaim(paths.claim("steps-1")));
    assertFalse(IndexLayout.isClaim(paths.shard("steps-1")));
    assertEquals(
        "view-entities-steps-1",
        IndexLayout.claimOf(paths.claim(IndexLayout.viewClaim("entities", "steps-1"))));
    assertEquals("steps-1", IndexLayout.shardOf(".tmp-steps-1"));
    assertEquals("steps-1", IndexLayout.shardOf("steps-1"));
    Path interrupted = Files.writeString(tmp.resolve(".manifest.json.8514703327311.tmp"), "{");
    assertTrue(IndexLayout.isManifestTemporary(interrupted));
    assertFalse(IndexLayout.isManifestTemporary(Files.writeString(paths.manifest(), "{}")));
  }
}
