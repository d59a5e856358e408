package org.stepindex.indexer.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.StepIndexException;

/** {@link ByteLevelBpeWriter}'s files, read back by Hugging Face's own tokenizer through DJL. */
class ByteLevelBpeWriterTest {

  @TempDir Path dir;

  @Test
  void wordsThatCompeteForTheSameBytesAreStillOneTokenEach() {
    // With plain left-to-right chains ranked by length, "bc" and "cd" would merge inside "abcd"
    // before "ab c" can,
    // and "23" inside "123"; the closed merge set must end each word as one token anyway.
    List<String> words =
        List.of(
            "bc", "cd", "abcd", "bcdefgh", "23", "12", "123", "1234", "234", "ab", "b", "日本", "本語");
    Path file = dir.resolve("tokenizer.json");
    Map<String, Integer> ids = ByteLevelBpeWriter.write(file, words);
    try (HuggingFaceTokenizer hf = Fixtures.reference(file)) {
      for (String word : words) {
        for (String form : List.of(word, " " + word)) {
          long[] encoded = hf.encode(form).getIds();
          assertArrayEquals(new long[] {ids.get(form)}, encoded, form);
          assertEquals(form, hf.decode(encoded, false));
        }
      }
      long[] sentence = hf.encode("abcd 123 bcdefgh 日本 本語").getIds();
      assertEquals(5, sentence.length);
    }
  }

  @Test
  void layoutFollowsGptNeoX() {
    Path file = dir.resolve("tokenizer.json");
    Map<String, Integer> ids = ByteLevelBpeWriter.write(file, List.of("plus"));
    assertEquals(0, ids.get("<|endoftext|>"));
    assertEquals(1, ids.get("<|padding|>"));
    try (HfTokenizer tokenizer = HfTokenizer.load(file);
        HuggingFaceTokenizer hf = Fixtures.reference(file)) {
      // GPT-2's table lists the 188 printable bytes first ("!" is byte 0x21), then bytes 0x00.. as
      // U+0100 on.
      assertEquals(2, tokenizer.idOf("!").orElseThrow());
      assertEquals(2 + 188, tokenizer.idOf("\u0100").orElseThrow());
      assertEquals(2 + 188 + 32, tokenizer.idOf("Ġ").orElseThrow());
      for (int b = 0; b < 128; b++) {
        int id = tokenizer.idOf(String.valueOf(ByteLevelAlphabet.charOf(b))).orElseThrow();
        assertTrue(id >= 2 && id < 258, "byte " + b + " has id " + id);
        assertEquals(String.valueOf((char) b), hf.decode(new long[] {id}, false), "byte " + b);
      }
      assertTrue(tokenizer.isSpecial(0));
      assertTrue(tokenizer.isSpecial(1));
      assertTrue(tokenizer.hasFastDecoder());
      for (int run = 2; run <= 24; run++) {
        int id = ids.get(" ".repeat(run));
        assertFalse(tokenizer.isSpecial(id));
        assertEquals(" ".repeat(run), hf.decode(new long[] {id}, false));
      }
      assertEquals(tokenizer.vocabSize() - 1, ids.get("  "));
      assertArrayEquals(
          new long[] {0, ids.get(" plus"), 1}, hf.encode("<|endoftext|> plus<|padding|>").getIds());
    }
  }

  @Test
  void wordsThatCanNeverBeOneTokenAreRefused() {
    Path file = dir.resolve("tokenizer.json");
    for (String word : List.of("", "two words", "abc123", "it's", "e\u0301", "tab\t")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> ByteLevelBpeWriter.write(file, List.of("ok", word)));
      assertTrue(e.getMessage().contains("'" + word + "'"), e.getMessage());
    }
    assertFalse(Files.exists(file));
    for (String word : List.of("", "two words", "[UNK]", "<|endoftext|>")) {
      assertThrows(
          IllegalArgumentException.class,
          () -> ByteLevelBpeWriter.writeWordLevel(file, List.of(word)));
    }
  }

  @Test
  void writesAtomicallyDeterministicallyAndReplacesAnOldFile() throws Exception {
    Path file = dir.resolve("tokenizer.json");
    Files.writeString(file, "old");
    ByteLevelBpeWriter.write(file, List.of("plus", "minus"));
    byte[] first = Files.readAllBytes(file);
    ByteLevelBpeWriter.write(file, List.of("plus", "minus", "plus"));
    assertArrayEquals(first, Files.readAllBytes(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }

    Path nowhere = dir.resolve("no/such/dir/tokenizer.json");
    StepIndexException e =
        assertThrows(
            StepIndexException.class, () -> ByteLevelBpeWriter.write(nowhere, List.of("plus")));
    assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
    assertThrows(
        StepIndexException.class,
        () -> ByteLevelBpeWriter.writeWordLevel(nowhere, List.of("plus")));
  }

  @Test
  void wordLevelTokenizerLoadsInHuggingFace() {
    Path file = dir.resolve("words.json");
    ByteLevelBpeWriter.writeWordLevel(file, List.of("alpha", "beta"));
    try (HuggingFaceTokenizer hf = Fixtures.reference(file)) {
      assertArrayEquals(
          new long[] {2, 0, 3, 1}, hf.encode("alpha gamma beta <|endoftext|>").getIds());
      assertEquals("alpha beta", hf.decode(new long[] {2, 3}, false));
    }
  }
}
