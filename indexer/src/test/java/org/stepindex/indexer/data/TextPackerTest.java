package org.stepindex.indexer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;

/**
 * Real text packed in Pythia's layout: this repository's own README (English) and Java sources
 * (code), one file larger than a piece, beside a binary file, an empty one and one in Latin-1. The
 * packed stream, cut at its end-of-text tokens, is checked against Hugging Face's own encoding of
 * each file (DJL's binding, not the packer's wrapper), so both the documents and the cuts of a
 * large file into pieces are checked.
 */
class TextPackerTest {
  private static final int SEQ_LENGTH = 257;
  @TempDir static Path dir;
  private static Path tokenizer;
  private static Path text;

  /** Each text file's expected tokens (without its end-of-text token), by file name. */
  private static final Map<String, List<Integer>> expected = new HashMap<>();

  private static int endOfText;

  @BeforeAll
  static void writeText() throws IOException {
    Path root = repositoryRoot();
    tokenizer = dir.resolve("tokenizer.json");
    Map<String, Integer> ids =
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
                "public",
                "final",
                "return",
                "static",
                "import",
                "org",
                "stepindex"));
    endOfText = ids.get(ByteLevelBpeWriter.END_OF_TEXT);
    text = Files.createDirectories(dir.resolve("text"));
    Files.copy(root.resolve("README.md"), text.resolve("README.md"));
    StringBuilder big = new StringBuilder();
    int copied = 0;
    try (Stream<Path> sources = Files.walk(root.resolve("indexer/src/main/java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String code = Files.readString(source);
        if (big.length() < 3 * TextPacker.PIECE_CHARS) {
          big.append(code);
        }
        if (copied++ < 20) {
          Files.writeString(text.resolve(source.getFileName().toString()), code);
        }
      }
    }
    Files.writeString(text.resolve("big.txt"), big);
    Files.write(text.resolve("binary.dat"), new byte[] {'a', 0, 'b'});
    Files.write(text.resolve("empty.txt"), new byte[0]);
    Files.write(text.resolve("latin1.txt"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
    try (HuggingFaceTokenizer reference =
            HuggingFaceTokenizer.newInstance(
                tokenizer,
                Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        Stream<Path> files = Files.list(text)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".dat") && !name.startsWith("empty") && !name.startsWith("latin1")) {
          long[] tokens = reference.encode(Files.readString(file), false, false).getIds();
          expected.put(name, Arrays.stream(tokens).mapToObj(t -> (int) t).toList());
        }
      }
    }
    assertTrue(
        Files.size(text.resolve("big.txt")) > TextPacker.PIECE_CHARS, "big.txt is cut into pieces");
  }

  @Test
  void everyTextFileIsOneDocumentEncodedAsHuggingFaceEncodesIt() {
    Path prefix = dir.resolve("all").resolve("document");
    TextPacker.Result result =
        TextPacker.pack(
            List.of(text), tokenizer, prefix, SEQ_LENGTH, Long.MAX_VALUE, 2, 7, line -> {});
    assertEquals(expected.size(), result.files());
    assertEquals(3, result.skipped(), "binary, empty and Latin-1 files are left out");
    long total = expected.values().stream().mapToLong(t -> t.size() + 1).sum();
    assertEquals(total / SEQ_LENGTH, result.sequences());
    assertEquals(result.sequences() * SEQ_LENGTH, result.tokens());

    List<Integer> stream = read(prefix);
    assertEquals(result.tokens(), stream.size());
    // Document after document: each is some file's whole encoding and the end-of-text token. (Not a
    // split at the
    // end-of-text ids: a file that holds the text <|endoftext|>, as some of these sources do,
    // encodes to that id.)
    List<String> seen = new ArrayList<>();
    int at = 0;
    while (true) {
      int start = at;
      String name =
          expected.entrySet().stream()
              .filter(
                  e ->
                      !seen.contains(e.getKey())
                          && start + e.getValue().size() < stream.size()
                          && stream.subList(start, start + e.getValue().size()).equals(e.getValue())
                          && stream.get(start + e.getValue().size()) == endOfText)
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(null);
      if (name == null) {
        break;
      }
      seen.add(name);
      at = start + expected.get(name).size() + 1;
    }
    assertTrue(
        seen.contains("big.txt"), "the file encoded in pieces equals its whole encoding: " + seen);
    List<Integer> tail = stream.subList(at, stream.size());
    assertEquals(
        expected.size() - (tail.isEmpty() ? 0 : 1),
        seen.size(),
        "all but the file cut off at the end, whose rest is dropped");
    assertTrue(
        tail.isEmpty()
            || expected.entrySet().stream()
                .anyMatch(
                    e ->
                        !seen.contains(e.getKey())
                            && e.getValue().size() >= tail.size()
                            && e.getValue().subList(0, tail.size()).equals(tail)),
        "the tail begins the one file left");
  }

  @Test
  void maxTokensStopsAfterWholeSequences() {
    Path prefix = dir.resolve("capped").resolve("document");
    TextPacker.Result result =
        TextPacker.pack(List.of(text), tokenizer, prefix, SEQ_LENGTH, 1000, 1, 7, line -> {});
    assertEquals(3, result.sequences());
    assertEquals(3 * SEQ_LENGTH, read(prefix).size());
  }

  @Test
  void badInputIsOneLineAndLeavesNothing() throws IOException {
    Path out = Files.createDirectories(dir.resolve("bad"));
    StepIndexException missing =
        assertThrows(
            StepIndexException.class,
            () ->
                TextPacker.pack(
                    List.of(dir.resolve("nope")),
                    tokenizer,
                    out.resolve("document"),
                    SEQ_LENGTH,
                    Long.MAX_VALUE,
                    1,
                    7,
                    l -> {}));
    assertTrue(
        missing.getMessage().endsWith("is neither a text file nor a directory"),
        missing.getMessage());
    StepIndexException tooLittle =
        assertThrows(
            StepIndexException.class,
            () ->
                TextPacker.pack(
                    List.of(text.resolve("latin1.txt"), text.resolve("empty.txt")),
                    tokenizer,
                    out.resolve("document"),
                    SEQ_LENGTH,
                    Long.MAX_VALUE,
                    1,
                    7,
                    l -> {}));
    assertTrue(
        tooLittle.getMessage().contains("makes no sequence of 257 tokens"), tooLittle.getMessage());
    try (Stream<Path> left = Files.list(out)) {
      assertEquals(List.of(), left.toList(), "no dataset, no temporary file");
    }
  }

  @Test
  void aPieceEndsAfterALineEndThatTextFollows() {
    String text = "one\n\n\ntwo three\n  four\nfive";
    int end = TextPacker.cut(text, 0, text.length() - 1);
    assertEquals(
        text.indexOf("five"), end, "not between the line ends, not before the indented line");
    assertEquals(text.indexOf("two"), TextPacker.cut(text, 0, text.indexOf("three")));
    assertEquals(3, TextPacker.cut("abcdef", 0, 3), "no line end: the limit");
    assertFalse(
        Character.isLowSurrogate("a\uD83D\uDE00b".charAt(TextPacker.cut("a\uD83D\uDE00b", 0, 2))),
        "a surrogate pair is never cut");
  }

  private static List<Integer> read(Path prefix) {
    List<Integer> tokens = new ArrayList<>();
    try (MegatronDataset data = MegatronDataset.open(prefix)) {
      int[] ids = new int[SEQ_LENGTH];
      for (long seq = 0; seq < data.sequenceCount(); seq++) {
        int n = data.read(seq, ids);
        for (int i = 0; i < n; i++) {
          tokens.add(ids[i]);
        }
      }
    }
    return tokens;
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
