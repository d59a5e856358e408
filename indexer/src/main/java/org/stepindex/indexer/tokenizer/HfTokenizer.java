package org.stepindex.indexer.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.views.SequenceContent;

/**
 * A Hugging Face {@code tokenizer.json}: the id table, which ids are special, decoding and
 * encoding.
 *
 * <p>Decoding is the indexing hot path. When the tokenizer's decoder is {@code ByteLevel} (GPT-2,
 * GPT-NeoX/Pythia, and most byte-level BPE models) this class decodes by itself from a precomputed
 * id → bytes table, which gives exactly what Hugging Face's decoder gives: each token's bytes are
 * concatenated and the result is read as UTF-8 with invalid sequences replaced by U+FFFD as Rust's
 * {@code String::from_utf8_lossy} does (see {@link Utf8Lossy}; Java's own decoder differs on
 * encoded surrogates). Any other decoder, and encoding, go through DJL's binding of the Hugging
 * Face Rust library, which is created on first use only, since loading it costs time the fast path
 * never needs.
 *
 * <p>As in Hugging Face, ids that are not tokens of the tokenizer (holes in the id range, ids past
 * the end, such as the padding a model adds to its embedding matrix) decode to nothing, and {@link
 * #decode} keeps special tokens.
 *
 * <p>Instances are thread-safe. {@link #close()} releases the native tokenizer; the caller must not
 * close while other threads still encode or decode.
 */
public final class HfTokenizer implements AutoCloseable {

  /**
   * The largest id range this class accepts; real vocabularies are far smaller, so more means a
   * broken file.
   */
  private static final int MAX_VOCAB_SIZE = 1 << 24;

  private static final Map<String, String> DJL_OPTIONS =
      Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

  private final Path path;
  private final String sha256;

  /**
   * The token string of each id (an added token's content wins over the model's entry), or null for
   * a hole.
   */
  private final String[] tokenById;

  private final boolean[] special;
  private final Map<String, Integer> idByToken;

  /**
   * The bytes each id decodes to, or null for the whole table when the decoder is not byte-level.
   */
  private final byte[][] bytesById;

  /** Reused per thread so that a decode allocates only its result string. */
  private final ThreadLocal<byte[]> scratch = ThreadLocal.withInitial(() -> new byte[8192]);

  private final Object nativeLock = new Object();
  private volatile HuggingFaceTokenizer nativeTokenizer;
  private boolean closed;

  private HfTokenizer(
      Path path,
      String sha256,
      String[] tokenById,
      boolean[] special,
      Map<String, Integer> idByToken,
      byte[][] bytesById) {
    this.path = path;
    this.sha256 = sha256;
    this.tokenById = tokenById;
    this.special = special;
    this.idByToken = idByToken;
    this.bytesById = bytesById;
  }

  /**
   * Loads a Hugging Face {@code tokenizer.json}. Only the JSON is read; the native tokenizer is not
   * loaded yet.
   *
   * @param tokenizerJson the {@code tokenizer.json} file
   * @return the tokenizer
   * @throws StepIndexException when the file is missing or unreadable, is not valid JSON, or has no
   *     model vocabulary
   */
  public static HfTokenizer load(Path tokenizerJson) {
    Objects.requireNonNull(tokenizerJson, "tokenizerJson");
    if (Files.isDirectory(tokenizerJson)) {
      throw new StepIndexException(
          "tokenizer " + tokenizerJson + " is a directory; pass the tokenizer.json file itself");
    }
    byte[] bytes = readFile(tokenizerJson);
    JsonNode root;
    try {
      root = Json.mapper().readTree(bytes);
    } catch (JacksonException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new StepIndexException(
          "tokenizer "
              + tokenizerJson
              + " is not valid JSON ("
              + firstLine(e.getOriginalMessage())
              + where
              + "); pass a Hugging Face tokenizer.json",
          e);
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot parse tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new StepIndexException(
          "tokenizer "
              + tokenizerJson
              + " is not a JSON object; pass a Hugging Face tokenizer.json");
    }
    return fromJson(tokenizerJson, sha256Hex(bytes), root);
  }

  private static HfTokenizer fromJson(Path path, String sha256, JsonNode root) {
    Map<String, Integer> modelVocab = modelVocab(path, root.path("model").path("vocab"));
    if (modelVocab.isEmpty()) {
      throw new StepIndexException(
          "tokenizer "
              + path
              + " has no model.vocab; pass a Hugging Face tokenizer.json (the one next to the model)");
    }
    record Added(int id, String content, boolean special) {}
    List<Added> added = new ArrayList<>();
    for (JsonNode token : root.path("added_tokens")) {
      added.add(
          new Added(
              checkedId(path, token.path("id")),
              token.path("content").asText(),
              token.path("special").asBoolean(false)));
    }

    int size = 0;
    for (int id : modelVocab.values()) {
      size = Math.max(size, id + 1);
    }
    for (Added token : added) {
      size = Math.max(size, token.id() + 1);
    }
    String[] tokenById = new String[size];
    boolean[] special = new boolean[size];
    Map<String, Integer> idByToken = new HashMap<>(modelVocab);
    modelVocab.forEach((token, id) -> tokenById[id] = token);
    // Hugging Face looks ids and strings up in the added vocabulary before the model's, so added
    // tokens win.
    for (Added token : added) {
      tokenById[token.id()] = token.content();
      special[token.id()] = token.special();
      idByToken.put(token.content(), token.id());
    }

    byte[][] bytesById = null;
    if (isByteLevel(root.path("decoder"))) {
      bytesById = new byte[size][];
      for (int id = 0; id < size; id++) {
        if (tokenById[id] != null) {
          bytesById[id] = ByteLevelAlphabet.decodeToken(tokenById[id]);
        }
      }
    }
    return new HfTokenizer(path, sha256, tokenById, special, Map.copyOf(idByToken), bytesById);
  }

  /**
   * Reads {@code model.vocab}: a token → id object (BPE, WordPiece, WordLevel) or a list of [token,
   * score] (Unigram).
   */
  private static Map<String, Integer> modelVocab(Path path, JsonNode vocab) {
    Map<String, Integer> ids = new HashMap<>();
    if (vocab.isObject()) {
      for (Map.Entry<String, JsonNode> entry : vocab.properties()) {
        ids.put(entry.getKey(), checkedId(path, entry.getValue()));
      }
    } else if (vocab.isArray()) {
      int id = 0;
      for (JsonNode piece : vocab) {
        ids.put(piece.path(0).asText(), id++);
      }
    }
    return ids;
  }

  private static int checkedId(Path path, JsonNode id) {
    if (!id.canConvertToInt()
        || !id.isIntegralNumber()
        || id.intValue() < 0
        || id.intValue() >= MAX_VOCAB_SIZE) {
      throw new StepIndexException(
          "tokenizer "
              + path
              + " has an invalid token id "
              + id
              + " (ids must be integers in [0, "
              + MAX_VOCAB_SIZE
              + ")); pass an unmodified Hugging Face tokenizer.json");
    }
    return id.intValue();
  }

  /**
   * The fast path is exact for a ByteLevel decoder, alone or as the only member of a Sequence. Two
   * ByteLevel decoders in a row are not the same as one (the second re-reads Latin-1 letters as
   * bytes), so such chains take the slow path.
   */
  private static boolean isByteLevel(JsonNode decoder) {
    String type = decoder.path("type").asText();
    if (type.equals("ByteLevel")) {
      return true;
    }
    JsonNode members = decoder.path("decoders");
    return type.equals("Sequence") && members.size() == 1 && isByteLevel(members.get(0));
  }

  private static byte[] readFile(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new StepIndexException(
          "tokenizer file "
              + file
              + " does not exist; pass the path of the model suite's tokenizer.json",
          e);
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot read tokenizer " + file + ": " + e + "; check the path and permissions", e);
    }
  }

  /**
   * Keeps user messages to one line: library messages may carry a multi-line excerpt of the input.
   */
  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }

  /**
   * Returns the size of the id range: one more than the largest id of the model vocabulary or the
   * added tokens.
   *
   * @return the number of ids, holes included
   */
  public int vocabSize() {
    return tokenById.length;
  }

  /**
   * Tells whether an id is a token of this tokenizer; holes in the id range and ids outside it are
   * not.
   *
   * @param id any id
   * @return true when the id has a token
   */
  public boolean contains(int id) {
    return id >= 0 && id < tokenById.length && tokenById[id] != null;
  }

  /**
   * Tells whether an id is a special token: an added token marked {@code "special": true}, such as
   * Pythia's {@code <|endoftext|>} (0) and {@code <|padding|>} (1), or GPT-2's {@code
   * <|endoftext|>} (50256).
   *
   * @param id any id
   * @return true when the id is a special token
   */
  public boolean isSpecial(int id) {
    return id >= 0 && id < special.length && special[id];
  }

  /**
   * Returns the id of a token, spelled as in {@code tokenizer.json}: an added token's content (e.g.
   * {@code <|endoftext|>}) or a model vocabulary entry (byte-level BPE spells a leading space
   * {@code Ġ}, so the entry for " plus" is {@code Ġplus}).
   *
   * @param token the token string
   * @return its id, or empty when the tokenizer has no such token
   */
  public OptionalInt idOf(String token) {
    Integer id = idByToken.get(token);
    return id == null ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /**
   * Decodes {@code ids[from..to)} to text as Hugging Face's {@code decode(ids,
   * skip_special_tokens=false)} does.
   *
   * @param ids token ids
   * @param from the first index to decode
   * @param to one past the last index to decode
   * @return the text
   * @throws IndexOutOfBoundsException when the range is not inside {@code ids}
   */
  public String decode(int[] ids, int from, int to) {
    Objects.checkFromToIndex(from, to, ids.length);
    if (bytesById == null) {
      long[] wide = new long[to - from];
      for (int i = from; i < to; i++) {
        wide[i - from] = ids[i];
      }
      return nativeTokenizer().decode(wide, false);
    }
    byte[][] table = bytesById;
    int length = 0;
    for (int i = from; i < to; i++) {
      int id = ids[i];
      if (id >= 0 && id < table.length && table[id] != null) {
        length += table[id].length;
      }
    }
    byte[] buffer = scratch.get();
    if (buffer.length < length) {
      buffer = new byte[Math.max(length, buffer.length * 2)];
      scratch.set(buffer);
    }
    int at = 0;
    for (int i = from; i < to; i++) {
      int id = ids[i];
      if (id >= 0 && id < table.length && table[id] != null) {
        byte[] bytes = table[id];
        System.arraycopy(bytes, 0, buffer, at, bytes.length);
        at += bytes.length;
      }
    }
    return Utf8Lossy.decode(buffer, 0, at);
  }

  /**
   * Splits the first {@code length} ids of a sequence at special tokens into runs of ordinary
   * tokens, each decoded.
   *
   * @param ids token ids
   * @param length how many ids, from the start, make up the sequence
   * @return the sequence: a copy of its ids, its whole text as {@link #decode} gives it, and its
   *     non-empty runs between special tokens, specials left out
   * @throws IndexOutOfBoundsException when {@code length} is negative or larger than {@code
   *     ids.length}
   */
  public SequenceContent split(int[] ids, int length) {
    Objects.checkFromToIndex(0, length, ids.length);
    List<SequenceContent.Segment> segments = new ArrayList<>();
    StringBuilder whole = new StringBuilder();
    // Concatenating the runs' texts and the specials' texts is the whole sequence's decode when
    // every special decodes
    // to ASCII bytes: an incomplete UTF-8 sequence before or after one becomes one U+FFFD either
    // way.
    boolean concatenates = bytesById != null;
    int start = 0;
    for (int i = 0; i <= length; i++) {
      if (i == length || isSpecial(ids[i])) {
        if (i > start) {
          String text = decode(ids, start, i);
          segments.add(new SequenceContent.Segment(Arrays.copyOfRange(ids, start, i), text));
          whole.append(text);
        }
        if (i < length && concatenates) {
          byte[] bytes = bytesById[ids[i]];
          for (byte b : bytes) {
            concatenates &= b >= 0;
          }
          whole.append(new String(bytes, StandardCharsets.US_ASCII));
        }
        start = i + 1;
      }
    }
    String text = concatenates ? whole.toString() : decode(ids, 0, length);
    return new SequenceContent(Arrays.copyOf(ids, length), text, List.copyOf(segments));
  }

  /**
   * Encodes text with the Hugging Face tokenizer, without adding special tokens and without
   * truncation or padding.
   *
   * @param text the text
   * @return its token ids
   */
  public int[] encode(String text) {
    long[] ids = nativeTokenizer().encode(text, false, false).getIds();
    int[] narrow = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      narrow[i] = Math.toIntExact(ids[i]);
    }
    return narrow;
  }

  /**
   * Returns the SHA-256 of the {@code tokenizer.json} bytes, for manifests to pin the tokenizer an
   * index was built with.
   *
   * @return 64 lower-case hex digits
   */
  public String sha256() {
    return sha256;
  }

  /**
   * Returns the file this tokenizer was loaded from.
   *
   * @return the {@code tokenizer.json} path as given to {@link #load}
   */
  public Path path() {
    return path;
  }

  /**
   * Tells whether {@link #decode} runs in Java from the byte table (decoder {@code ByteLevel})
   * rather than through the native tokenizer.
   *
   * @return true for the fast path
   */
  public boolean hasFastDecoder() {
    return bytesById != null;
  }

  /**
   * Whether the native tokenizer has been created; tests use it to check that the fast path never
   * needs it.
   */
  boolean hasNativeTokenizer() {
    return nativeTokenizer != null;
  }

  private HuggingFaceTokenizer nativeTokenizer() {
    HuggingFaceTokenizer tokenizer = nativeTokenizer;
    if (tokenizer != null) {
      return tokenizer;
    }
    synchronized (nativeLock) {
      if (closed) {
        throw new IllegalStateException("tokenizer " + path + " is closed");
      }
      if (nativeTokenizer == null) {
        nativeTokenizer = createNative();
      }
      return nativeTokenizer;
    }
  }

  /**
   * Re-reads the file and refuses it if it changed since {@link #load}, so both halves see the same
   * tokenizer.
   */
  private HuggingFaceTokenizer createNative() {
    byte[] bytes = readFile(path);
    if (!sha256Hex(bytes).equals(sha256)) {
      throw new StepIndexException(
          "tokenizer "
              + path
              + " changed on disk after it was loaded; restart with the file left unchanged");
    }
    try {
      return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(bytes), DJL_OPTIONS);
    } catch (IOException | RuntimeException e) {
      throw new StepIndexException(
          "Hugging Face tokenizers cannot load "
              + path
              + ": "
              + firstLine(e.getMessage())
              + "; pass a tokenizer.json that the transformers library loads",
          e);
    }
  }

  /**
   * Releases the native tokenizer, if it was created. The Java decode path keeps working after
   * close.
   */
  @Override
  public void close() {
    synchronized (nativeLock) {
      closed = true;
      HuggingFaceTokenizer tokenizer = nativeTokenizer;
      nativeTokenizer = null;
      if (tokenizer != null) {
        tokenizer.close();
      }
    }
  }
}
