package org.stepindex.indexer.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.views.SequenceContent;

/**
 * {@link HfTokenizer} against Hugging Face's Rust tokenizer (through DJL) on real tokenizer.json
 * files.
 */
class HfTokenizerTest {

  private static final ObjectMapper JSON = Json.mapper();

  @TempDir static Path dir;

  private static Path bpeFile;
  private static Map<String, Integer> ids;
  private static HfTokenizer bpe;
  private static HuggingFaceTokenizer reference;

  @BeforeAll
  static void writeTokenizer() {
    bpeFile = dir.resolve("tokenizer.json");
    ids = ByteLevelBpeWriter.write(bpeFile, Fixtures.WORDS);
    bpe = HfTokenizer.load(bpeFile);
    reference = Fixtures.reference(bpeFile);
  }

  @AfterAll
  static void closeTokenizers() {
    bpe.close();
    reference.close();
  }

  /** The id of the base-vocabulary token for one raw byte. */
  private static int byteToken(int b) {
    return bpe.idOf(String.valueOf(ByteLevelAlphabet.charOf(b))).orElseThrow();
  }

  private static int[] byteTokens(int... bytes) {
    int[] tokens = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      tokens[i] = byteToken(bytes[i]);
    }
    return tokens;
  }

  private static String referenceDecode(int[] seq, int from, int to) {
    return reference.decode(Fixtures.widen(seq, from, to), false);
  }

  @Test
  void byteLevelTokenizerUsesTheFastPathAndNeverLoadsTheNativeLibraryForIt() {
    try (HfTokenizer fresh = HfTokenizer.load(bpeFile)) {
      assertTrue(fresh.hasFastDecoder());
      int[] seq = {ids.get("plus"), ids.get(" minus"), 0, ids.get(" 12")};
      assertEquals("plus minus<|endoftext|> 12", fresh.decode(seq, 0, seq.length));
      fresh.split(seq, seq.length);
      assertFalse(fresh.hasNativeTokenizer());
      fresh.encode("plus");
      assertTrue(fresh.hasNativeTokenizer());
    }
  }

  @Test
  void fastDecodeEqualsHuggingFaceOnRandomIdsIncludingBrokenUtf8() {
    // Bytes that start, continue, truncate or break multi-byte characters: é, €, 😀, lone
    // continuations,
    // overlong leads (C0, C1, E0 80), surrogates (ED A0), code points past U+10FFFF (F4 90,
    // F5..FF).
    int[] tricky = {
      0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xBF, 0xC0, 0xC1, 0xE0, 0xED, 0xA0,
      0xF4, 0x90, 0xF5, 0xFF, 0x8F, 'a', ' '
    };
    int[] trickyIds = byteTokens(tricky);
    Random random = new Random(20240611L);
    int sequences = 4000;
    for (int n = 0; n < sequences; n++) {
      int[] seq = new int[random.nextInt(33)];
      for (int i = 0; i < seq.length; i++) {
        int kind = random.nextInt(10);
        if (kind < 5) {
          seq[i] = trickyIds[random.nextInt(trickyIds.length)];
        } else if (kind < 9) {
          seq[i] = random.nextInt(bpe.vocabSize());
        } else {
          seq[i] = bpe.vocabSize() + random.nextInt(30); // past the end: both sides drop it
        }
      }
      assertEquals(
          referenceDecode(seq, 0, seq.length), bpe.decode(seq, 0, seq.length), "sequence " + n);
      // the whole text that split() assembles from its runs and the specials is Hugging Face's
      // decode too
      assertEquals(
          referenceDecode(seq, 0, seq.length), bpe.split(seq, seq.length).text(), "split " + n);
      int from = seq.length == 0 ? 0 : random.nextInt(seq.length);
      int to = from + random.nextInt(seq.length - from + 1);
      assertEquals(
          referenceDecode(seq, from, to),
          bpe.decode(seq, from, to),
          "sequence " + n + " sub-range");
    }
  }

  @Test
  void invalidUtf8IsReplacedLikeRustFromUtf8Lossy() {
    // Expected values follow Unicode's "maximal subpart" rule, which Rust's from_utf8_lossy
    // implements:
    // a truncated but well-begun sequence is one U+FFFD, every byte that cannot start or continue
    // one is its own.
    record Case(int[] bytes, String expected) {}
    String r = "\uFFFD";
    List<Case> cases =
        List.of(
            new Case(new int[] {0xC3, 0xA9}, "é"),
            new Case(new int[] {0xC3}, r),
            new Case(new int[] {0xA9, 0xC3}, r + r),
            new Case(new int[] {0xE2, 0x82}, r),
            new Case(new int[] {0xE2, 0x82, 'A'}, r + "A"),
            new Case(new int[] {0xF0, 0x9F, 0x98}, r),
            new Case(new int[] {0xF0, 0x9F, 0x98, 'A', 0x80}, r + "A" + r),
            new Case(new int[] {0x80, 0x80}, r + r),
            new Case(new int[] {0xED, 0xA0, 0x80}, r + r + r),
            new Case(new int[] {0xC0, 0xAF}, r + r),
            new Case(new int[] {0xE0, 0x80, 0xAF}, r + r + r),
            new Case(new int[] {0xF0, 0x80, 0x80}, r + r + r),
            new Case(new int[] {0xF4, 0x90, 0x80, 0x80}, r + r + r + r),
            new Case(new int[] {0xF5, 0xFF}, r + r),
            new Case(new int[] {0xE2, 0x82, 0xE2, 0x82, 0xAC}, r + "€"));
    for (Case c : cases) {
      int[] seq = byteTokens(c.bytes());
      assertEquals(
          c.expected(),
          referenceDecode(seq, 0, seq.length),
          "Hugging Face on " + HexFormat.of().formatHex(toBytes(c.bytes())));
      assertEquals(
          c.expected(),
          bpe.decode(seq, 0, seq.length),
          "HfTokenizer on " + HexFormat.of().formatHex(toBytes(c.bytes())));
    }
  }

  private static byte[] toBytes(int[] values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  @Test
  void addedTokensThatAreNotByteLevelDecodeToTheirContent() {
    int fiveSpaces = ids.get("     ");
    assertTrue(bpe.contains(fiveSpaces));
    assertFalse(bpe.isSpecial(fiveSpaces));
    int[] seq = {ids.get("plus"), fiveSpaces, ids.get("minus")};
    assertEquals("plus     minus", bpe.decode(seq, 0, seq.length));
    assertEquals(referenceDecode(seq, 0, seq.length), bpe.decode(seq, 0, seq.length));
    assertArrayEquals(seq, bpe.encode("plus     minus"));
  }

  @Test
  void encodeThenDecodeRoundTripsText() {
    List<String> pieces = new ArrayList<>(Fixtures.WORDS);
    pieces.addAll(
        List.of(
            "12345",
            "3.14",
            "Ω",
            "👍🏽",
            "unlisted",
            ".",
            ",",
            "!",
            ";",
            "(",
            ")",
            "\"",
            "$",
            "%"));
    List<String> gaps = List.of(" ", " ", " ", "", "\n", "\n\n", "  ", "\t", "   ");
    Random random = new Random(7L);
    for (int n = 0; n < 300; n++) {
      StringBuilder text = new StringBuilder();
      int words = 1 + random.nextInt(25);
      for (int i = 0; i < words; i++) {
        text.append(pieces.get(random.nextInt(pieces.size())))
            .append(gaps.get(random.nextInt(gaps.size())));
      }
      int[] encoded = bpe.encode(text.toString());
      assertArrayEquals(
          Fixtures.narrow(reference.encode(text.toString()).getIds()), encoded, text.toString());
      assertEquals(text.toString(), bpe.decode(encoded, 0, encoded.length));
    }
  }

  @Test
  void encodeAppliesTheNfcNormalizer() {
    int[] encoded = bpe.encode("cafe\u0301");
    assertArrayEquals(new int[] {ids.get("café")}, encoded);
    assertEquals("café", bpe.decode(encoded, 0, encoded.length));
  }

  @Test
  void everyListedWordIsOneTokenWithAndWithoutALeadingSpace() {
    for (String word : Fixtures.WORDS) {
      assertArrayEquals(new int[] {ids.get(word)}, bpe.encode(word), word);
      assertArrayEquals(new int[] {ids.get(" " + word)}, bpe.encode(" " + word), " " + word);
    }
    int[] sentence = bpe.encode("Barack Obama plus 12 minus 123 times 23");
    assertEquals(8, sentence.length);
    assertEquals(ids.get(" 123"), sentence[5]);
  }

  @Test
  void splitSeparatesAtSpecialTokensAndKeepsThemOutOfTheText() {
    int eot = 0;
    int pad = 1;
    int[] seq = {
      eot,
      ids.get("plus"),
      ids.get(" minus"),
      eot,
      eot,
      ids.get("he"),
      pad,
      ids.get(" she"),
      eot,
      ids.get("man")
    };
    SequenceContent content = bpe.split(seq, seq.length - 1);
    assertEquals(
        "<|endoftext|>plus minus<|endoftext|><|endoftext|>he<|padding|> she<|endoftext|>",
        content.text());
    assertArrayEquals(java.util.Arrays.copyOf(seq, seq.length - 1), content.ids());
    List<SequenceContent.Segment> segments = content.segments();
    assertEquals(3, segments.size());
    assertArrayEquals(new int[] {ids.get("plus"), ids.get(" minus")}, segments.get(0).ids());
    assertEquals("plus minus", segments.get(0).text());
    assertArrayEquals(new int[] {ids.get("he")}, segments.get(1).ids());
    assertEquals("he", segments.get(1).text());
    assertEquals(" she", segments.get(2).text());
    for (SequenceContent.Segment segment : segments) {
      assertFalse(segment.text().contains("<|"), segment.text());
    }

    seq[1] = -7; // the copy must not share the caller's array
    assertEquals(ids.get("plus"), content.ids()[1]);
    assertEquals(ids.get("plus"), segments.get(0).ids()[0]);

    assertTrue(bpe.split(new int[] {eot, pad, eot}, 3).segments().isEmpty());
    assertEquals(0, bpe.split(seq, 0).ids().length);
    assertThrows(IndexOutOfBoundsException.class, () -> bpe.split(new int[2], 3));
  }

  @Test
  void idTableMatchesTheFile() throws Exception {
    assertEquals(OptionalInt.of(0), bpe.idOf("<|endoftext|>"));
    assertEquals(OptionalInt.of(1), bpe.idOf("<|padding|>"));
    assertEquals(OptionalInt.of(ids.get(" plus")), bpe.idOf("Ġplus"));
    assertEquals(OptionalInt.empty(), bpe.idOf("Ġnothing"));
    assertTrue(bpe.isSpecial(0));
    assertTrue(bpe.isSpecial(1));
    assertFalse(bpe.isSpecial(2));
    assertFalse(bpe.isSpecial(-1));
    assertFalse(bpe.isSpecial(bpe.vocabSize()));
    // vocabSize is exactly the id range Hugging Face knows: its last id decodes to something, the
    // next to nothing.
    assertFalse(reference.decode(new long[] {bpe.vocabSize() - 1}, false).isEmpty());
    assertEquals("", reference.decode(new long[] {bpe.vocabSize()}, false));
    assertTrue(bpe.contains(bpe.vocabSize() - 1));
    assertFalse(bpe.contains(bpe.vocabSize()));
    assertFalse(bpe.contains(-1));

    assertEquals(bpeFile, bpe.path());
    String expected =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(bpeFile)));
    assertEquals(expected, bpe.sha256());
  }

  @Test
  void holesInTheIdRangeAreNotTokensAndDecodeToNothing() throws Exception {
    int hole = ids.get(" woman");
    ObjectNode root = (ObjectNode) JSON.readTree(bpeFile.toFile());
    ((ObjectNode) root.path("model").path("vocab")).remove("Ġwoman");
    Path file = dir.resolve("holes.json");
    JSON.writeValue(file.toFile(), root);
    try (HfTokenizer holes = HfTokenizer.load(file)) {
      assertEquals(bpe.vocabSize(), holes.vocabSize());
      assertFalse(holes.contains(hole));
      assertTrue(holes.contains(hole - 1));
      assertTrue(holes.contains(hole + 1));
      assertFalse(holes.isSpecial(hole));
      assertEquals(OptionalInt.empty(), holes.idOf("Ġwoman"));
      int[] seq = {ids.get("plus"), hole, ids.get(" minus")};
      assertEquals("plus minus", holes.decode(seq, 0, seq.length));
    }
  }

  @Test
  void sequenceOfOneByteLevelDecoderIsFastButTwoAreNot() throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(bpeFile.toFile());
    ObjectNode byteLevel = (ObjectNode) root.get("decoder");
    ObjectNode sequence = JSON.createObjectNode().put("type", "Sequence");
    sequence.putArray("decoders").add(byteLevel);
    root.set("decoder", sequence);
    Path one = dir.resolve("sequence-one.json");
    JSON.writeValue(one.toFile(), root);
    sequence.withArray("decoders").add(byteLevel);
    Path two = dir.resolve("sequence-two.json");
    JSON.writeValue(two.toFile(), root);

    // No space or other character outside the byte-level alphabet in the text, so the second
    // decoder re-reads it.
    int[] seq = {ids.get("café"), ids.get("plus"), byteToken(0xC3), byteToken(0xA9)};
    try (HfTokenizer oneTok = HfTokenizer.load(one);
        HfTokenizer twoTok = HfTokenizer.load(two);
        HuggingFaceTokenizer oneRef = Fixtures.reference(one);
        HuggingFaceTokenizer twoRef = Fixtures.reference(two)) {
      assertTrue(oneTok.hasFastDecoder());
      assertEquals(
          oneRef.decode(Fixtures.widen(seq, 0, seq.length), false),
          oneTok.decode(seq, 0, seq.length));
      assertFalse(twoTok.hasFastDecoder());
      String twice = twoRef.decode(Fixtures.widen(seq, 0, seq.length), false);
      assertEquals(twice, twoTok.decode(seq, 0, seq.length));
      // Why two ByteLevel decoders must not take the fast path: the second one re-reads "é" as the
      // byte 0xE9.
      assertNotEquals(oneTok.decode(seq, 0, seq.length), twice);
    }
  }

  @Test
  void wordLevelTokenizerDecodesThroughHuggingFace() {
    Path file = dir.resolve("word-level.json");
    ByteLevelBpeWriter.writeWordLevel(file, List.of("hello", "world", "plus", "12", "hello"));
    try (HfTokenizer words = HfTokenizer.load(file);
        HuggingFaceTokenizer wordsRef = Fixtures.reference(file)) {
      assertFalse(words.hasFastDecoder());
      assertEquals(6, words.vocabSize());
      assertTrue(words.isSpecial(0));
      assertTrue(words.isSpecial(1));
      assertFalse(words.isSpecial(2));
      assertArrayEquals(new int[] {2, 3, 0, 4, 5}, words.encode("hello world unlisted plus 12"));
      int[] seq = {2, 3, 1, 4, 99, 5};
      // With no decoder, Hugging Face joins the tokens with single spaces and drops unknown ids.
      assertEquals("hello world <|endoftext|> plus 12", words.decode(seq, 0, seq.length));
      assertEquals(wordsRef.decode(Fixtures.widen(seq, 1, 4), false), words.decode(seq, 1, 4));
      List<SequenceContent.Segment> segments = words.split(seq, seq.length).segments();
      assertEquals(
          List.of("hello world", "plus 12"),
          segments.stream().map(SequenceContent.Segment::text).toList());
    }
  }

  @Test
  void decodesAndLazyLoadingAreThreadSafe() throws Exception {
    Random random = new Random(3L);
    int[][] seqs = new int[500][];
    String[] expected = new String[seqs.length];
    for (int n = 0; n < seqs.length; n++) {
      seqs[n] = random.ints(random.nextInt(200), 0, bpe.vocabSize()).toArray();
      expected[n] = referenceDecode(seqs[n], 0, seqs[n].length);
    }
    try (HfTokenizer shared = HfTokenizer.load(bpeFile);
        ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        tasks.add(
            () -> {
              boolean same =
                  java.util.Arrays.equals(new int[] {ids.get(" plus")}, shared.encode(" plus"));
              for (int n = 0; n < seqs.length; n++) {
                int k = (n + offset * 97) % seqs.length;
                same &= expected[k].equals(shared.decode(seqs[k], 0, seqs[k].length));
              }
              return same;
            });
      }
      for (Future<Boolean> result : pool.invokeAll(tasks)) {
        assertTrue(result.get());
      }
    }
  }

  @Test
  void closeReleasesTheNativeTokenizerButKeepsTheFastPath() {
    HfTokenizer closing = HfTokenizer.load(bpeFile);
    closing.encode("plus");
    closing.close();
    assertFalse(closing.hasNativeTokenizer());
    assertThrows(IllegalStateException.class, () -> closing.encode("plus"));
    int[] seq = {ids.get("plus")};
    assertEquals("plus", closing.decode(seq, 0, 1));
    closing.close();
  }

  @Test
  void userErrorsAreOneLineStepIndexExceptionsNamingTheFile() throws Exception {
    Path missing = dir.resolve("missing/tokenizer.json");
    assertUserError(missing, "does not exist");
    assertUserError(dir, "is a directory");
    assertUserError(write("broken.json", "{\"model\": {\"vocab\": {\"a\": 0,"), "not valid JSON");
    assertUserError(write("array.json", "[1, 2]"), "not a JSON object");
    assertUserError(write("novocab.json", "{\"model\": {\"type\": \"BPE\"}}"), "no model.vocab");
    assertUserError(write("emptyvocab.json", "{\"model\": {\"vocab\": {}}}"), "no model.vocab");
    assertUserError(
        write("badid.json", "{\"model\": {\"vocab\": {\"a\": -3}}}"), "invalid token id");
    assertUserError(
        write("textid.json", "{\"model\": {\"vocab\": {\"a\": \"x\"}}}"), "invalid token id");
  }

  @Test
  void aFileHuggingFaceCannotLoadFailsOnFirstNativeUseWithAClearMessage() throws Exception {
    Path file =
        write("untyped.json", "{\"model\": {\"vocab\": {\"a\": 0, \"b\": 1}}, \"decoder\": null}");
    try (HfTokenizer tokenizer = HfTokenizer.load(file)) {
      assertEquals(2, tokenizer.vocabSize());
      StepIndexException e = assertThrows(StepIndexException.class, () -> tokenizer.encode("a"));
      assertOneLineNaming(e, file);
    }
  }

  @Test
  void aFileChangedAfterLoadingIsRefused() throws Exception {
    Path file = dir.resolve("changing.json");
    Files.copy(bpeFile, file);
    try (HfTokenizer tokenizer = HfTokenizer.load(file)) {
      Files.writeString(file, Files.readString(file) + "\n");
      StepIndexException e = assertThrows(StepIndexException.class, () -> tokenizer.encode("a"));
      assertTrue(e.getMessage().contains("changed on disk"), e.getMessage());
      assertOneLineNaming(e, file);
    }
  }

  private static Path write(String name, String json) throws Exception {
    return Files.writeString(dir.resolve(name), json, StandardCharsets.UTF_8);
  }

  private static void assertUserError(Path file, String fragment) {
    StepIndexException e = assertThrows(StepIndexException.class, () -> HfTokenizer.load(file));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertOneLineNaming(e, file);
  }

  private static void assertOneLineNaming(StepIndexException e, Path file) {
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }
}
