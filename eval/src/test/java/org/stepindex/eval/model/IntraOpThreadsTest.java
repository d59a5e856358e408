package org.stepindex.eval.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IntraOpThreadsTest {

  /**
   * The count is libtorch's own, and a thread that starts afterwards runs its torch operations with
   * it too.
   */
  @Test
  void fixesLibtorchsCountForTheWholeProcess() throws InterruptedException {
    int fixed = IntraOpThreads.fix();
    assertTrue(fixed >= 1, "PyTorch is the engine here: " + fixed);
    assertEquals(JniUtils.getNumThreads(), fixed);
    assertEquals(fixed, IntraOpThreads.fix(), "idempotent");
    assertEquals(fixed, countOnANewThread());
  }

  /**
   * The count a user chooses with DJL's property (the note of a resume with another count tells
   * them to) is the count kept: in a fresh JVM, with one more thread than this one has.
   */
  @Test
  void keepsTheCountChosenWithTheSystemProperty() throws IOException, InterruptedException {
    int chosen = IntraOpThreads.fix() + 1;
    Process child =
        new ProcessBuilder(
                List.of(
                    ProcessHandle.current().info().command().orElseThrow(),
                    "-Xmx256m",
                    "--enable-native-access=ALL-UNNAMED",
                    "-Dai.djl.offline=true",
                    "-Dai.djl.pytorch.num_threads=" + chosen,
                    "-cp",
                    System.getProperty("java.class.path"),
                    Child.class.getName()))
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, child.exitValue(), output);
    assertEquals(chosen + " " + chosen, output.lines().reduce((a, b) -> b).orElse(""), output);
  }

  private static int countOnANewThread() throws InterruptedException {
    AtomicInteger seen = new AtomicInteger();
    Thread thread = new Thread(() -> seen.set(JniUtils.getNumThreads()));
    thread.start();
    thread.join();
    return seen.get();
  }

  /** Prints the fixed count and the count a thread started afterwards sees. */
  static final class Child {
    public static void main(String[] args) throws InterruptedException {
      int fixed = IntraOpThreads.fix();
      System.out.println(fixed + " " + countOnANewThread());
    }
  }
}
