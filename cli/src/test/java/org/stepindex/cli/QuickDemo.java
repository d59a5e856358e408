package org.stepindex.cli;

import java.nio.file.Path;

/**
 * The one {@code demo --quick} run the CLI tests share ({@link DemoCommandTest} checks its report,
 * the pinned regressions' {@code demo-quick} case its numbers): the whole study is the slowest
 * thing the suite runs, so it runs once per test JVM, into a temporary directory deleted when the
 * JVM exits.
 */
final class QuickDemo {
  private static QuickDemo instance;

  /** The study's directory ({@code --out}). */
  final Path dir;

  /** The run of {@code demo --quick --out DIR --quiet}, checked for a clean exit. */
  final CliRun run;

  private QuickDemo(Path dir) {
    this.dir = dir;
    this.run = CliRun.of("demo", "--quick", "--out", dir.toString(), "--quiet").ok();
  }

  /** The shared run, made on first use. */
  static synchronized QuickDemo get() {
    if (instance == null) {
      instance = new QuickDemo(JvmTempDir.create("stepindex-demo-test-").resolve("out"));
    }
    return instance;
  }
}
