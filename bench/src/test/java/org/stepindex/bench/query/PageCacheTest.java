package org.stepindex.bench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PageCache#evict} against util-linux's {@code fincore}, which reports how many of a file's
 * pages are resident: a file just written and read is cached, and after eviction none of it is.
 */
class PageCacheTest {
  @TempDir Path tmp;

  @Test
  void anEvictedFileHasNoPageInTheCache() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/fincore")), "util-linux fincore is not installed");
    // On tmpfs the page cache is the storage itself: nothing can be evicted there.
    Assumptions.assumeFalse(
        Files.getFileStore(tmp).type().equals("tmpfs"), "the temporary directory is on tmpfs");
    Path dir = Files.createDirectories(tmp.resolve("index"));
    byte[] bytes = new byte[8 << 20];
    new Random(1).nextBytes(bytes);
    Path file = Files.write(dir.resolve("data"), bytes);
    Files.write(dir.resolve("small"), new byte[] {1});
    try (var channel = java.nio.channels.FileChannel.open(file)) {
      channel.force(true); // dirty pages cannot be dropped; written back, they can
    }
    Files.readAllBytes(file);
    assertTrue(residentPages(file) > 0, "a file just read is in the page cache");

    assertEquals(2, PageCache.evict(dir));

    assertEquals(0, residentPages(file), "no page of the file is left in the page cache");
  }

  /** fincore's count of the file's resident pages. */
  private static long residentPages(Path file) throws IOException, InterruptedException {
    Process fincore =
        new ProcessBuilder(
                "/usr/bin/fincore", "--bytes", "--noheadings", "--output", "PAGES", file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(fincore.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(fincore.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, fincore.exitValue(), out);
    return Long.parseLong(out);
  }
}
