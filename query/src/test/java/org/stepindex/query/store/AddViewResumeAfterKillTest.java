package org.stepindex.query.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.store.AddViewOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ViewAdder;
import org.stepindex.query.Count;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.TestFiles;

/**
 * {@code index --add-view entities} killed with SIGKILL in a child JVM while side indexes are being
 * written, then run again, gives what an uninterrupted run gives: every shard's side index, no
 * debris, the same entity and pair counts; the shards the killed run finished are kept, and the
 * shards' own files are untouched throughout. Two runs started together share the work and leave
 * the same.
 */
class AddViewResumeAfterKillTest {
  private static final int BATCH = 16;
  private static final int LENGTH = 129;

  /**
   * 500 steps in 25 shards; the dictionary is large enough that the child runs for a second or
   * more.
   */
  private static final long SEQUENCES = 8_000;

  private static final int ENTITIES = 20_000;
  private static final long POLL_MILLIS = 2;
  private static final long CHILD_TIMEOUT_SECONDS = 120;
  private static final long[] STEPS = {0, 7, 20, 260, 311, 500};

  @TempDir static Path tmp;
  static Build build;
  static Path entities;
  static Path pairs;
  static Path reference;
  static Map<String, Count> referenceCounts;

  @BeforeAll
  static void addUninterrupted() throws IOException {
    SyntheticCorpus.Result corpus =
        SyntheticCorpus.write(tmp.resolve("corpus"), new SynthOptions(SEQUENCES, LENGTH, BATCH, 9));
    build =
        Build.of(
                corpus.dataPrefix(),
                corpus.tokenizer(),
                tmp.resolve("base"),
                BATCH,
                LENGTH,
                "every:20")
            .withViews("text");
    build.run();
    List<String> words = SyntheticCorpus.fillerWords();
    StringBuilder tsv = new StringBuilder();
    for (int e = 0; e < ENTITIES; e++) {
      tsv.append('E')
          .append(e)
          .append('\t')
          .append(words.get(e % words.size()))
          .append(' ')
          .append(words.get((e / words.size() + 7 * e) % words.size()))
          .append('\n');
    }
    tsv.append("G\tgalaxy\tquasar nebula\n");
    entities = Files.writeString(tmp.resolve("entities.tsv"), tsv);
    pairs = Files.writeString(tmp.resolve("pairs.tsv"), "G\tE0\nE1\tE2\n");
    reference = TestFiles.copyTree(build.index(), tmp.resolve("reference"));
    ViewAdder.add(options(reference), new BuildProgress());
    referenceCounts = counts(reference);
  }

  @Test
  void killedMidWayThenResumed() throws Exception {
    Path index = TestFiles.copyTree(build.index(), tmp.resolve("killed"));
    Map<Path, String> shardFiles = files(index.resolve("shards"));
    Path log = tmp.resolve("child.log");
    Process child = start(index, log);
    try {
      awaitMidRun(child, index, 2, log);
    } finally {
      ChildBuild.kill(child);
    }
    Manifest killed = Manifest.read(index);
    int finished = killed.addedView("entities").shards().size();
    assertTrue(
        finished < killed.shards().size(),
        "the child finished just before the kill; raise SEQUENCES in AddViewResumeAfterKillTest");
    assertFalse(inProgress(index).isEmpty(), "the kill left a half-written side index to clean up");

    ViewAdder.Result resumed = ViewAdder.add(options(index), new BuildProgress());

    assertEquals(
        finished, resumed.shardsKept(), "the side indexes the killed run finished are kept");
    assertEquals(killed.shards().size() - finished, resumed.shardsBuilt());
    assertEquals(
        Manifest.read(reference).addedView("entities"), Manifest.read(index).addedView("entities"));
    assertEquals(List.of(), inProgress(index));
    assertEquals(referenceCounts, counts(index));
    assertUnchanged(
        shardFiles, files(index.resolve("shards")), "the shards' own files are untouched");
  }

  /**
   * The narrow window the kill above may or may not hit: a writer killed after it published a
   * shard's side index but before it released the shard's claim leaves a free claim file in {@code
   * shards/} (its lock died with it, its content is its process id). The next run removes it, as it
   * removes every other debris.
   */
  @Test
  void aClaimLeftAfterPublicationIsRemovedByTheNextRun() throws Exception {
    Path index = TestFiles.copyTree(reference, tmp.resolve("claim-left"));
    Map<Path, String> shardFiles = files(index.resolve("shards"));
    String shard = Manifest.read(index).addedView("entities").shards().get(3);
    Path claim =
        Files.writeString(
            index.resolve("shards").resolve(".claim-view-entities-" + shard), "999999");

    ViewAdder.Result again = ViewAdder.add(options(index), new BuildProgress());

    assertEquals(0, again.shardsBuilt(), "every side index was there");
    assertFalse(Files.exists(claim), "the killed writer's claim file is removed");
    assertUnchanged(
        shardFiles, files(index.resolve("shards")), "the shards' own files are untouched");
    assertEquals(referenceCounts, counts(index));
  }

  /**
   * Two runs of the same --add-view started together share the shards and leave what one run
   * leaves.
   */
  @Test
  void twoRunsStartedTogetherShareTheWork() throws Exception {
    Path index = TestFiles.copyTree(build.index(), tmp.resolve("together"));
    Map<Path, String> shardFiles = files(index.resolve("shards"));
    Process first = start(index, tmp.resolve("together-1.log"));
    Process second = start(index, tmp.resolve("together-2.log"));
    try {
      assertTrue(first.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS), "the first run finishes");
      assertTrue(
          second.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS), "the second run finishes");
    } finally {
      ChildBuild.kill(first);
      ChildBuild.kill(second);
    }
    assertEquals(0, first.exitValue(), () -> read(tmp.resolve("together-1.log")));
    assertEquals(0, second.exitValue(), () -> read(tmp.resolve("together-2.log")));
    assertEquals(
        Manifest.read(reference).addedView("entities"), Manifest.read(index).addedView("entities"));
    assertEquals(Manifest.read(reference).shards(), Manifest.read(index).shards());
    assertEquals(List.of(), inProgress(index));
    assertEquals(referenceCounts, counts(index));
    assertUnchanged(
        shardFiles,
        files(index.resolve("shards")),
        "no claim is left, the shards' own files are untouched");
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static AddViewOptions options(Path index) {
    return new AddViewOptions(index, "entities", entities, pairs, null, null, null, 2);
  }

  private static Map<String, Count> counts(Path index) {
    Map<String, Count> counts = new LinkedHashMap<>();
    try (FrequencyIndex fi = FrequencyIndex.open(index)) {
      for (String id : List.of("G", "E0", "E1", "E2", "E431", "E9999")) {
        for (long step : STEPS) {
          counts.put(id + " @ " + step, fi.countAt(fi.compile("entities", id), step));
        }
      }
      for (String[] pair : new String[][] {{"G", "E0"}, {"E1", "E2"}, {"E3", "E4"}}) {
        for (long step : STEPS) {
          counts.put(
              pair[0] + "&" + pair[1] + " @ " + step,
              fi.cooccur("entities", pair[0], pair[1], 0, step));
        }
      }
    }
    return counts;
  }

  /** The child: {@code ViewAdder.add} in its own JVM. */
  public static final class Child {
    public static void main(String[] args) {
      ViewAdder.add(
          new AddViewOptions(
              Path.of(args[0]),
              "entities",
              Path.of(args[1]),
              Path.of(args[2]),
              null,
              null,
              null,
              2),
          new BuildProgress());
    }
  }

  private static Process start(Path index, Path log) throws IOException {
    return ChildBuild.start(
        Child.class, List.of(index.toString(), entities.toString(), pairs.toString()), log);
  }

  private static void awaitMidRun(Process child, Path index, int shards, Path log)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      if (!child.isAlive()) {
        fail(
            child.exitValue() == 0
                ? "the child finished before it could be killed; raise SEQUENCES in AddViewResumeAfterKillTest"
                : "the child failed (exit " + child.exitValue() + "): " + Files.readString(log));
      }
      Manifest manifest = Manifest.read(index);
      if (manifest.addedView("entities") != null
          && manifest.addedView("entities").shards().size() >= shards
          && !inProgress(index).isEmpty()) {
        return;
      }
      Thread.sleep(POLL_MILLIS);
    }
    fail("the child did not reach " + shards + " side indexes in " + CHILD_TIMEOUT_SECONDS + " s");
  }

  private static List<String> inProgress(Path index) throws IOException {
    Path dir = index.resolve(ViewAdder.VIEWS_DIR).resolve("entities");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(".tmp-"))
          .toList();
    }
  }

  /**
   * Each regular file under {@code dir} with its size and modification time, sorted, so a failure
   * names the file.
   */
  private static Map<Path, String> files(Path dir) throws IOException {
    Map<Path, String> files = new java.util.TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        files.put(dir.relativize(p), Files.size(p) + " bytes, " + Files.getLastModifiedTime(p));
      }
    }
    return files;
  }

  /**
   * Fails naming only the files that appeared, went or changed (a listing of every shard file says
   * nothing).
   */
  private static void assertUnchanged(
      Map<Path, String> before, Map<Path, String> after, String what) {
    Map<Path, String> changed = new java.util.TreeMap<>();
    java.util.Set<Path> all = new java.util.TreeSet<>(before.keySet());
    all.addAll(after.keySet());
    for (Path p : all) {
      if (!java.util.Objects.equals(before.get(p), after.get(p))) {
        changed.put(p, before.get(p) + " -> " + after.get(p));
      }
    }
    assertEquals(Map.of(), changed, what);
  }
}
