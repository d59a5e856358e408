package org.stepindex.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;
import org.stepindex.indexer.store.BuildProgress;

/**
 * A one-line progress bar on stderr for long work (a build, an evaluation): fraction done, what is
 * being done, and an ETA, redrawn a few times a second. Silent when stderr is not a terminal (logs
 * and pipes stay clean) or when asked to be quiet.
 */
final class ProgressBar implements AutoCloseable {
  /** What the bar shows: the fraction done and a short text. */
  record Status(double fraction, String text) {}

  private final Supplier<Status> status;
  private final PrintStream err;
  private final Thread painter;
  private final long start = System.nanoTime();
  private volatile boolean running = true;

  private ProgressBar(Supplier<Status> status, PrintStream err, boolean enabled) {
    this.status = status;
    this.err = err;
    this.painter =
        enabled ? Thread.ofPlatform().daemon().name("progress").start(this::paintLoop) : null;
  }

  /** Starts a bar if stderr is a terminal and {@code quiet} is false. */
  static ProgressBar start(Supplier<Status> status, boolean quiet) {
    boolean terminal = System.console() != null && System.console().isTerminal();
    return new ProgressBar(status, System.err, terminal && !quiet);
  }

  /** A bar for an index build: sequences, tokens/s, shards. */
  static ProgressBar start(BuildProgress progress, boolean quiet) {
    long begin = System.nanoTime();
    return start(
        () -> {
          long total = progress.totalSequences();
          double seconds = (System.nanoTime() - begin) / 1e9;
          double rate = seconds > 0 ? progress.doneTokens() / seconds : 0;
          return new Status(
              total == 0 ? 0 : (double) progress.doneSequences() / total,
              String.format(
                  Locale.ROOT,
                  "%,d/%,d seq  %s tok/s  shards %d/%d",
                  progress.doneSequences(),
                  total,
                  human(rate),
                  progress.shardsDone(),
                  progress.shardsTotal()));
        },
        quiet);
  }

  private void paintLoop() {
    while (running) {
      paint();
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void paint() {
    Status now = status.get();
    double fraction = Math.max(0, Math.min(1, now.fraction()));
    double seconds = (System.nanoTime() - start) / 1e9;
    int width = 30;
    int filled = (int) Math.round(fraction * width);
    String eta = fraction > 0 ? formatSeconds(seconds / fraction - seconds) : "--";
    err.printf(
        Locale.ROOT,
        "\r[%s%s] %5.1f%% %s  ETA %s   ",
        "#".repeat(filled),
        " ".repeat(width - filled),
        100 * fraction,
        now.text(),
        eta);
    err.flush();
  }

  static String human(double rate) {
    if (rate >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", rate / 1e6);
    }
    if (rate >= 1e3) {
      return String.format(Locale.ROOT, "%.1fk", rate / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", rate);
  }

  private static String formatSeconds(double s) {
    long total = Math.round(s);
    return total >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", total / 3600, (total % 3600) / 60)
        : String.format(Locale.ROOT, "%dm%02ds", total / 60, total % 60);
  }

  @Override
  public void close() {
    running = false;
    if (painter != null) {
      painter.interrupt();
      try {
        painter.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      paint();
      err.println();
    }
  }
}
