package org.stepindex.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stepindex.corpora.SyntheticCorpus;

/**
 * Runs one {@link TestRuns} training in its own JVM, so that a test can kill it with SIGKILL at an
 * arbitrary moment (no shutdown hooks, no {@code finally} blocks), as a user's {@code kill -9}
 * would.
 */
public final class ChildTrain {
  private ChildTrain() {}

  /**
   * The child's entry point: {@code corpusDir outDir endStep save}, resuming from the latest
   * checkpoint in out. The corpus the parent wrote is read as it is.
   */
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    SyntheticCorpus.Result corpus =
        new SyntheticCorpus.Result(
            dir,
            dir.resolve(SyntheticCorpus.DATA_NAME),
            dir.resolve(SyntheticCorpus.TOKENIZER_FILE),
            List.of());
    TestRuns.train(request(corpus, Path.of(args[1]), Long.parseLong(args[2]), args[3]), null);
  }

  /** The run both the child and the test's uninterrupted reference make. */
  static TrainRequest request(SyntheticCorpus.Result corpus, Path out, long end, String save) {
    return TestRuns.with(
        TestRuns.request(corpus, out, end),
        b -> {
          b.save = save;
          b.resume = "auto";
          b.totalSteps = end;
          return b;
        });
  }

  /** Starts a child training run on this JVM's class path, its output going to {@code log}. */
  static Process start(Path corpusDir, Path out, long end, String save, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(List.of("-Xmx1g", "--enable-native-access=ALL-UNNAMED"));
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), ChildTrain.class.getName()));
    command.addAll(List.of(corpusDir.toString(), out.toString(), Long.toString(end), save));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
