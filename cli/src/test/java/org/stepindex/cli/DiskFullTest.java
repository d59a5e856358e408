package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.Json;

/**
 * A disk that fills up during a build, for real: the index goes to a tmpfs of 6 MB mounted for the
 * test (it needs root, as CI and the development machines run; elsewhere the test is skipped). The
 * build ends in one line that says the disk is full, exit 3, no stack trace and no half-written
 * shard, and keeps the shards it had published; given room (the tmpfs grown), the same command
 * builds only the rest, and its counts equal a build that never ran out.
 */
class DiskFullTest {
  @TempDir Path tmp;
  private Path mount;

  @AfterEach
  void unmount() {
    if (mount != null) {
      run(List.of("umount", mount.toString()));
    }
  }

  @Test
  void aFullDiskIsOneLineAndTheSameCommandFinishesOnceThereIsRoom() throws IOException {
    Path mountPoint = Files.createDirectories(tmp.resolve("small-disk"));
    assumeTrue(
        run(List.of("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mountPoint.toString())) == 0,
        "mounting a tmpfs needs root");
    mount = mountPoint;
    Path corpus = tmp.resolve("corpus");
    CliRun.of(
            "synth",
            "--out",
            corpus.toString(),
            "--sequences",
            "20000",
            "--seq-length",
            "129",
            "--batch-size",
            "64")
        .ok();
    Path index = mountPoint.resolve("index");
    List<String> build =
        List.of(
            "index",
            "--data",
            corpus.resolve("document").toString(),
            "--tokenizer",
            corpus.resolve("tokenizer.json").toString(),
            "--index",
            index.toString(),
            "--views",
            "text,tokens",
            "--batch-size",
            "64",
            "--seq-length",
            "129",
            "--shards",
            "every:20",
            "--threads",
            "1",
            "--quiet");

    ChildProcess full = main(build);
    assertEquals(3, full.exit(), full::toString);
    List<String> lines = full.err().lines().toList();
    assertEquals(1, lines.size(), full::toString);
    assertTrue(lines.getFirst().startsWith("stepindex: the disk is full ("), lines.getFirst());
    assertTrue(
        lines
            .getFirst()
            .endsWith("free space there and run the command again; what was finished is kept"),
        lines.getFirst());
    Map<String, FileTime> kept = new TreeMap<>();
    try (Stream<Path> shards = Files.list(index.resolve("shards"))) {
      for (Path shard : shards.toList()) {
        assertFalse(shard.getFileName().toString().startsWith(".tmp-"), "no half-written shard");
        if (Files.isDirectory(shard)) {
          kept.put(
              shard.getFileName().toString(),
              Files.getLastModifiedTime(shard.resolve(newestCommit(shard))));
        }
      }
    }
    assertFalse(kept.isEmpty(), "the shards published before the disk filled are kept");
    assertEquals(kept.keySet(), listed(index), "and listed in the manifest");

    assertEquals(0, run(List.of("mount", "-o", "remount,size=64m", mountPoint.toString())));
    ChildProcess resumed = main(build);
    assertEquals(0, resumed.exit(), resumed::toString);
    for (Map.Entry<String, FileTime> shard : kept.entrySet()) {
      Path dir = index.resolve("shards").resolve(shard.getKey());
      assertEquals(
          shard.getValue(),
          Files.getLastModifiedTime(dir.resolve(newestCommit(dir))),
          shard.getKey() + " was kept, not built again");
    }
    assertTrue(listed(index).containsAll(kept.keySet()) && listed(index).size() > kept.size());
    Path reference = tmp.resolve("reference");
    List<String> referenceBuild = new ArrayList<>(build);
    referenceBuild.set(referenceBuild.indexOf(index.toString()), reference.toString());
    assertEquals(0, main(referenceBuild).exit());
    for (String query : List.of("the", "\"plus 7\"")) {
      String[] count = {
        "count", "--index", "", "--steps", "1,20,21,100,313", query, "--format", "csv"
      };
      count[2] = index.toString();
      String resumedCounts = CliRun.of(count).ok().out();
      count[2] = reference.toString();
      assertEquals(CliRun.of(count).ok().out(), resumedCounts, query);
    }
  }

  private static String newestCommit(Path shard) throws IOException {
    try (Stream<Path> files = Files.list(shard)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("segments_"))
          .max(java.util.Comparator.naturalOrder())
          .orElseThrow();
    }
  }

  private static Set<String> listed(Path index) throws IOException {
    Set<String> names = new TreeSet<>();
    Json.mapper()
        .readTree(index.resolve("manifest.json").toFile())
        .get("shards")
        .forEach(s -> names.add(s.get("name").asText()));
    return names;
  }

  private static ChildProcess main(List<String> args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(args);
    return ChildProcess.run(Map.of(), command);
  }

  private static int run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
