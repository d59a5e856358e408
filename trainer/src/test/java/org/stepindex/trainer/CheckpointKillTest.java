package org.stepindex.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.eval.model.CheckpointNames;
import org.stepindex.eval.model.Safetensors;
import org.stepindex.indexer.base.StepIndexException;

/**
 * A training run in a child JVM, killed with SIGKILL while it writes a checkpoint: the checkpoints
 * written before are intact, {@code --resume auto} continues from the last complete one and ends
 * with the weights of an uninterrupted run; while it ran, a second run into the same {@code --out}
 * was refused, naming its pid.
 */
class CheckpointKillTest {
  private static final long END = 40;
  private static final String SAVE = "every:1";
  private static final long CHILD_TIMEOUT_SECONDS = 240;
  private static final int KILL_ATTEMPTS = 5;

  @TempDir static Path dir;
  static SyntheticCorpus.Result corpus;

  @BeforeAll
  static void writeCorpus() {
    corpus = TestRuns.corpus(dir.resolve("corpus"));
  }

  @Test
  void killedDuringACheckpointWriteResumesFromTheLastCompleteOne() throws Exception {
    Path out = dir.resolve("killed");
    // A kill a moment too late misses the write it aimed at: the run is then resumed and killed
    // again.
    boolean cutAWrite = false;
    for (int attempt = 0; attempt < KILL_ATTEMPTS && !cutAWrite; attempt++) {
      Process child = ChildTrain.start(corpus.dir(), out, END, SAVE, dir.resolve("child.log"));
      try {
        int before = stepDirs(out).size();
        awaitCheckpointWrite(child, out, before + 1, false);
        if (attempt == 0) {
          // A second run into the same directory while the first is alive: refused at once, nothing
          // touched.
          StepIndexException refused =
              assertThrows(
                  StepIndexException.class,
                  () -> TestRuns.open(ChildTrain.request(corpus, out, END, SAVE), null).close());
          assertEquals(
              "another stepindex train (pid "
                  + child.pid()
                  + ") is writing "
                  + out
                  + "; wait for it or stop it",
              refused.getMessage());
        }
        awaitCheckpointWrite(child, out, before + 2, true);
      } finally {
        child.destroyForcibly();
        child.waitFor();
      }
      cutAWrite = !partials(out).isEmpty();
    }
    assertTrue(cutAWrite, "no kill of " + KILL_ATTEMPTS + " landed during a checkpoint write");

    List<Path> complete = stepDirs(out);
    assertTrue(complete.size() >= 2, "checkpoints were written before the kill: " + complete);
    for (Path checkpoint : complete) {
      // Each one whole: the trainer state parses, both safetensors files open with all their
      // tensors in bounds.
      TrainerState.read(checkpoint);
      try (Safetensors model = Safetensors.open(checkpoint.resolve("model.safetensors"));
          Safetensors moments = Safetensors.open(checkpoint.resolve(Checkpoints.OPTIMIZER_FILE))) {
        assertTrue(!model.names().isEmpty() && !moments.names().isEmpty());
      }
    }
    long last =
        complete.stream().mapToLong(p -> CheckpointNames.parse(p).getAsLong()).max().orElseThrow();
    assertTrue(last < END, "the kill came before the end");

    TrainPlan resumed = TrainPlan.resolve(ChildTrain.request(corpus, out, END, SAVE));
    assertEquals(
        last, resumed.startStep(), "--resume auto continues from the last complete checkpoint");
    try (Trainer trainer = Trainer.open(resumed, Device.cpu(), null)) {
      trainer.run(m -> {});
    }
    assertEquals(List.of(), partials(out), "the killed write's temporary directory was removed");

    Path whole = dir.resolve("whole");
    TestRuns.train(ChildTrain.request(corpus, whole, END, "every:" + END), null);
    assertEquals(
        -1,
        Files.mismatch(
            whole.resolve("step" + END).resolve("model.safetensors"),
            out.resolve("step" + END).resolve("model.safetensors")),
        "the resumed run ends where an uninterrupted one does");
  }

  /**
   * Waits until {@code steps} checkpoints are complete and, if {@code writing}, another is being
   * written; fails if the child exits.
   */
  private static void awaitCheckpointWrite(Process child, Path out, int steps, boolean writing)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      if (!child.isAlive()) {
        fail(
            "the child run exited ("
                + child.exitValue()
                + ") before a checkpoint write could be caught: "
                + Files.readString(dir.resolve("child.log")));
      }
      if (stepDirs(out).size() >= steps && (!writing || !partials(out).isEmpty())) {
        return;
      }
      Thread.onSpinWait();
    }
    fail(
        "the child run did not write " + steps + " checkpoints in " + CHILD_TIMEOUT_SECONDS + " s");
  }

  private static List<Path> stepDirs(Path out) throws IOException {
    if (!Files.isDirectory(out)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(out)) {
      return entries
          .filter(
              p -> {
                OptionalLong step = CheckpointNames.parse(p);
                return step.isPresent() && Files.isDirectory(p);
              })
          .sorted()
          .toList();
    }
  }

  private static List<Path> partials(Path out) throws IOException {
    if (!Files.isDirectory(out)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(out)) {
      return entries
          .filter(p -> p.getFileName().toString().matches("\\.step\\d+\\.partial-.*"))
          .toList();
    }
  }
}
