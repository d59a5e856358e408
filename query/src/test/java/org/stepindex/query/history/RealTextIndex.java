package org.stepindex.query.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.stepindex.indexer.data.TextPacker;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.AddViewOptions;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.indexer.store.ViewAdder;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;

/**
 * The history tests' corpus: this repository's README and docs, real English prose, packed as the
 * suite's real-text tests pack it ({@link TextPacker}, documents in a seeded order, {@code
 * <|endoftext|>} after each, sequences cut across documents) in a real byte-level BPE ({@link
 * ByteLevelBpeWriter}), and indexed with the text, tokens and pythia-numbers views and an added
 * entities view.
 *
 * <p>323 sequences of 65 tokens, 8 per step: 41 steps, the last a partial batch of 3. Pythia shard
 * boundaries 0, 1, 2, 4, 8, 16, 32, 41, so steps 3, 5, 13, 20, 37 and 40 lie inside shards and 41
 * ends the trailing partial batch.
 *
 * <p>The text is ASCII with the characters that join words in Unicode word segmentation ({@code _},
 * and {@code ' . , : ;} between letters or digits) made spaces, so that the scan's words (runs of
 * letters and digits) are exactly the text view's words and word offsets can be compared one for
 * one.
 */
final class RealTextIndex {
  static final int BATCH = 8;
  static final int LENGTH = 65;
  static final long SEQUENCES = 323;
  static final long STEPS = 41;
  static final String ENTITIES =
      """
      # real words of the README and docs; Q3's two names, one a prefix of the other's words
      Q1\tstepindex
      Q2\tLucene\tApache Lucene
      Q3\tthe index\tindex
      Q4\tPythia
      """;

  final Path root;
  final Path data;
  final Path tokenizer;
  final Path index;
  final Path entities;
  final Map<String, Integer> ids;

  private RealTextIndex(Path root) throws IOException {
    this.root = root;
    Path text = Files.createDirectories(root.resolve("text"));
    Path repository = repositoryRoot();
    List<Path> files;
    try (Stream<Path> docs = Files.list(repository.resolve("docs"))) {
      files =
          Stream.concat(
                  Stream.of(repository.resolve("README.md")),
                  docs.filter(p -> p.toString().endsWith(".md")))
              .sorted()
              .toList();
    }
    for (Path file : files) {
      Files.writeString(text.resolve(file.getFileName()), plain(Files.readString(file)));
    }
    tokenizer = root.resolve("tokenizer.json");
    ids =
        ByteLevelBpeWriter.write(
            tokenizer,
            List.of(
                "the",
                "of",
                "and",
                "to",
                "in",
                "is",
                "a",
                "index",
                "step",
                "count",
                "data",
                "query",
                "stepindex",
                "sequence",
                "sequences",
                "token",
                "tokens",
                "view",
                "at",
                "by"));
    data = root.resolve("data").resolve("document");
    TextPacker.pack(List.of(text), tokenizer, data, LENGTH, LENGTH * SEQUENCES, 2, 11, line -> {});
    index = root.resolve("index");
    IndexBuilder.build(
        new BuildOptions(
            data,
            tokenizer,
            index,
            new StepLayout(BATCH, LENGTH),
            List.of("text", "tokens", "pythia-numbers"),
            "pythia",
            0,
            -1,
            2),
        new BuildProgress());
    entities = root.resolve("entities.tsv");
    Files.writeString(entities, ENTITIES);
    ViewAdder.add(
        new AddViewOptions(index, "entities", entities, null, null, null, null, 2),
        new BuildProgress());
  }

  static RealTextIndex build(Path root) {
    try {
      return new RealTextIndex(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The special ids: end of text and padding. */
  int[] specials() {
    return new int[] {ids.get(ByteLevelBpeWriter.END_OF_TEXT), ids.get(ByteLevelBpeWriter.PADDING)};
  }

  /**
   * ASCII only, and no character that joins two words in Unicode word segmentation: underscores,
   * and apostrophes, periods, commas, colons and semicolons between letters or digits, become
   * spaces.
   */
  static String plain(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean joins =
          c == '_'
              || ("'.,:;".indexOf(c) >= 0
                  && i > 0
                  && i + 1 < text.length()
                  && isAlnum(text.charAt(i - 1))
                  && isAlnum(text.charAt(i + 1)));
      out.append(c > 126 || (c < 32 && c != '\n') || joins ? ' ' : c);
    }
    return out.toString();
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static Path repositoryRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("bin").resolve("find-jdk.sh"))) {
        return d;
      }
    }
    throw new AssertionError("no repository root above " + Path.of("").toAbsolutePath());
  }
}
