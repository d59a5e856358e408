package org.stepindex.query.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.stepindex.query.FrequencyIndex;

/**
 * The history tests' shared corpus, index and scan, made once per test JVM and deleted when it
 * exits: the index is opened once and answers through one {@link History}, as a server's would.
 */
final class Fixture {
  private static Fixture instance;

  final RealTextIndex corpus;
  final Scan scan;
  final FrequencyIndex index;
  final History history;

  private Fixture(Path root) throws IOException {
    corpus = RealTextIndex.build(root);
    scan = new Scan(corpus.data, corpus.tokenizer, RealTextIndex.BATCH, corpus.specials());
    index = FrequencyIndex.open(corpus.index);
    history = new History(index, null, null);
  }

  static synchronized Fixture get() {
    if (instance == null) {
      try {
        Path root = Files.createTempDirectory("stepindex-history-test-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
        instance = new Fixture(root);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at JVM exit
    }
  }
}
