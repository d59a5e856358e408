package org.stepindex.indexer.order;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the tests' independent implementation of the orders, {@code src/test/python/order_oracle.py}
 * (plain python3: GPT-NeoX's and OLMo's rules written from their sources, not from this code).
 */
final class Oracle {
  private Oracle() {}

  /**
   * Runs {@code python3 order_oracle.py ARGS...} and fails the test with its output if it fails.
   */
  static void run(Object... args) {
    List<String> command = new ArrayList<>(List.of("python3", script().toString()));
    for (Object arg : args) {
      command.add(arg.toString());
    }
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      assertEquals(0, process.exitValue(), () -> String.join(" ", command) + "\n" + output);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot run python3 (the tests' oracle needs it): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static Path script() {
    Path script = Path.of("src", "test", "python", "order_oracle.py").toAbsolutePath();
    if (!Files.isRegularFile(script)) {
      throw new AssertionError("no oracle at " + script);
    }
    return script;
  }
}
