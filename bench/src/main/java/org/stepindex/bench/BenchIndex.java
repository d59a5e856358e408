package org.stepindex.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.IndexBuilder;

/**
 * The index a start-up or server benchmark runs against: the one given, or a synthetic corpus (text
 * view, a shard every 8 steps, so --steps every:8 are checkpoints) built in a temporary directory
 * that {@link #close} deletes.
 */
public final class BenchIndex implements AutoCloseable {
  private final Path dir;
  private final Path temporary;

  private BenchIndex(Path dir, Path temporary) {
    this.dir = dir;
    this.temporary = temporary;
  }

  /**
   * {@code given}, or a new synthetic index of {@code sequences} sequences of 129 tokens, 16 per
   * step.
   */
  public static BenchIndex of(Path given, long sequences, PrintWriter progress) {
    if (given != null) {
      return new BenchIndex(given, null);
    }
    try {
      Path tmp = Files.createTempDirectory("stepindex-bench-");
      progress.printf(
          Locale.ROOT,
          "bench: synthesizing %,d sequences x 129 tokens and indexing them in %s%n",
          sequences,
          tmp);
      progress.flush();
      SyntheticCorpus.Result corpus =
          SyntheticCorpus.write(tmp.resolve("corpus"), new SynthOptions(sequences, 129, 16, 42));
      Path index = tmp.resolve("index");
      IndexBuilder.build(
          new BuildOptions(
              corpus.dataPrefix(),
              corpus.tokenizer(),
              index,
              new StepLayout(16, 129),
              List.of("text"),
              "every:8",
              0,
              -1,
              Runtime.getRuntime().availableProcessors()),
          new BuildProgress());
      return new BenchIndex(index, tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The index's directory. */
  public Path dir() {
    return dir;
  }

  /**
   * Number terms ({@code 1}, {@code 2}, …): words of the synthetic text's arithmetic, distinct
   * terms of any index.
   */
  public static List<String> numberTerms(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(Integer::toString).toList();
  }

  @Override
  public void close() {
    if (temporary != null) {
      try {
        AtomicFiles.deleteTree(temporary);
      } catch (IOException e) {
        // a leftover temporary directory is harmless
      }
    }
  }
}
