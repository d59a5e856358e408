package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stepindex.cli.CliRun.concat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.PlantedTerm;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.store.Manifest;

/**
 * A cluster build without a cluster: {@code index --task I --tasks N} run task by task in this
 * process, then {@code --merge}. The merge refuses, in one line and changing nothing, while a task
 * is missing or when a task was built with other arguments; a task killed halfway (its manifest
 * listing part of its share, a half-written shard left) finishes its share and keeps what it built;
 * the merged index is the one a single process builds. {@link SlurmBuildTest} runs the same build
 * as a real Slurm job array.
 */
class ClusterBuildTest {
  private static SmallCorpus corpus;
  @TempDir Path tmp;

  @BeforeAll
  static void corpus() {
    corpus = SmallCorpus.get();
  }

  private static CliRun task(Path index, String views, String... share) {
    return CliRun.of(
        concat(
            concat(
                new String[] {
                  "index",
                  "--index",
                  index.toString(),
                  "--data",
                  corpus.data.toString(),
                  "--tokenizer",
                  corpus.tokenizer.toString(),
                  "--views",
                  views,
                  "--quiet"
                },
                SmallCorpus.layout()),
            share));
  }

  private static CliRun merge(Path index) {
    return CliRun.of("index", "--index", index.toString(), "--merge");
  }

  @Test
  void aTaskOutsideTheTasksIsOneLine() {
    Path index = tmp.resolve("index");
    assertEquals(
        "--task 4 is outside --tasks 4: tasks are numbered 0 to 3",
        task(index, SmallCorpus.VIEWS, "--task", "4", "--tasks", "4").userError());
    assertFalse(Files.exists(index), "nothing is written");
  }

  @Test
  void theMergeWaitsForEveryTaskAndOneBuildThenGivesTheSingleProcessIndex() throws IOException {
    Path index = tmp.resolve("index");
    for (int task = 0; task < 3; task++) {
      String out = task(index, SmallCorpus.VIEWS, "--task", "" + task, "--tasks", "4").ok().out();
      assertTrue(out.startsWith("task " + task + " of 4: indexed "), out);
    }
    assertFalse(Manifest.exists(index), "tasks write no index manifest");
    assertEquals(
        "task 3 of 4 has not finished (task 3 has no task-0003-of-0004.json in "
            + index.resolve("tasks")
            + "): resubmit it (sbatch --array=3 index-array.sbatch) and merge again; nothing was merged",
        merge(index).userError());
    assertFalse(Manifest.exists(index), "nothing was merged");

    task(index, "text", "--task", "3", "--tasks", "4").ok();
    String other = merge(index).userError();
    assertEquals(
        "task 3's shards were built from other arguments than task 0's (views [text, tokens,"
            + " pythia-numbers], not [text]); build the index again with one command for all tasks",
        other);
    Files.delete(index.resolve("tasks").resolve("task-0003-of-0004.json"));
    task(index, SmallCorpus.VIEWS, "--task", "3", "--tasks", "4").ok();

    // Task 0 killed after its first shard: its manifest lists one shard, a half-written one lies
    // beside.
    Path task0 = index.resolve("tasks").resolve("task-0000-of-0004.json");
    ObjectNode manifest = (ObjectNode) Json.mapper().readTree(task0.toFile());
    ArrayNode shards = (ArrayNode) manifest.get("shards");
    String keptShard = shards.get(0).get("name").textValue();
    String lostShard = shards.get(1).get("name").textValue();
    shards.remove(1);
    Json.mapper().writeValue(task0.toFile(), manifest);
    Path lost = index.resolve("shards").resolve(lostShard);
    try (Stream<Path> files = Files.walk(lost)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Files.createDirectories(index.resolve("shards").resolve(".tmp-" + lostShard));
    Files.writeString(
        index.resolve("shards").resolve(".tmp-" + lostShard).resolve("_0.cfs"), "half");
    FileTime keptTime = Files.getLastModifiedTime(index.resolve("shards").resolve(keptShard));
    assertTrue(
        merge(index)
            .userError()
            .startsWith("task 0 of 4 has not finished (task 0 built 1 of its 2 shards"));
    String resumed = task(index, SmallCorpus.VIEWS, "--task", "0", "--tasks", "4").ok().out();
    assertTrue(
        resumed.contains(" into 1 new shards ")
            && resumed.contains("; 1 shards of its share were already" + " built;"),
        resumed);
    assertEquals(
        keptTime,
        Files.getLastModifiedTime(index.resolve("shards").resolve(keptShard)),
        "kept, not rebuilt");
    assertFalse(
        Files.exists(index.resolve("shards").resolve(".tmp-" + lostShard)),
        "the half-written shard is gone");

    String merged = merge(index).ok().out();
    assertTrue(
        merged.startsWith(
            "merged 7 shards of 4 tasks; index "
                + index
                + " now covers 600 of 600 sequences"
                + " (steps 0:38)"),
        merged);
    assertFalse(Files.exists(index.resolve("tasks")), "the task manifests are gone once merged");
    assertSameIndex(corpus.index, index);
    CliRun.of(
            "verify",
            "--index",
            index.toString(),
            "--data",
            corpus.data.toString(),
            "--full",
            "--quiet")
        .ok();
    assertTrue(
        merge(index).userError().startsWith("no task manifests in " + index.resolve("tasks")));
  }

  /**
   * The same shards, and the same counts of every planted term and a few tokens at every
   * checkpoint.
   */
  static void assertSameIndex(Path expected, Path actual) {
    JsonNode want =
        CliRun.json(CliRun.of("stats", "--index", expected.toString(), "--json").ok().out());
    JsonNode got =
        CliRun.json(CliRun.of("stats", "--index", actual.toString(), "--json").ok().out());
    assertEquals(want.get("shards"), got.get("shards"));
    assertEquals(want.get("data"), got.get("data"));
    for (PlantedTerm term : SmallCorpus.get().planted) {
      assertEquals(
          timeline(expected, "text", term.text()),
          timeline(actual, "text", term.text()),
          term.text());
    }
    for (String tokens : List.of("0", "17", "17 23")) {
      assertEquals(
          timeline(expected, "tokens", tokens), timeline(actual, "tokens", tokens), tokens);
    }
  }

  private static String timeline(Path index, String view, String query) {
    return CliRun.of(
            "timeline", "--index", index.toString(), "--view", view, "--format", "csv", query)
        .ok()
        .out();
  }
}
