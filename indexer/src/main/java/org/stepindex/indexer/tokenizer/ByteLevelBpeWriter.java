package org.stepindex.indexer.tokenizer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.base.TempFiles;

/**
 * Writes small but real Hugging Face {@code tokenizer.json} files, for tests and for the synthetic
 * corpus generator.
 *
 * <p>{@link #write} produces a byte-level BPE tokenizer in the GPT-NeoX (Pythia) layout whose
 * vocabulary holds each given word both bare and with a leading space as a single token. {@link
 * #writeWordLevel} produces a whitespace word-level tokenizer with no decoder, which exercises the
 * native decode path of {@link HfTokenizer}.
 */
public final class ByteLevelBpeWriter {

  /**
   * The end-of-text special token: id 0 in the byte-level tokenizer, id 1 in the word-level one.
   */
  public static final String END_OF_TEXT = "<|endoftext|>";

  /** GPT-NeoX's padding token, id 1. */
  public static final String PADDING = "<|padding|>";

  /** The unknown-word token of the word-level tokenizer, id 0. */
  public static final String UNKNOWN = "[UNK]";

  /**
   * GPT-NeoX adds runs of 2 to 24 plain spaces as ordinary (non-special) added tokens at the end of
   * its vocabulary.
   */
  private static final int LONGEST_SPACE_RUN = 24;

  /**
   * What GPT-2's pre-tokenizer keeps in one piece after an optional space: letters, digits, or
   * other non-space characters, never a mix. A word outside these classes is always split before
   * BPE runs.
   */
  private static final Pattern ONE_PRE_TOKEN =
      Pattern.compile("\\p{L}+|\\p{N}+|[^\\s\\p{L}\\p{N}]+", Pattern.UNICODE_CHARACTER_CLASS);

  private static final Pattern WHITESPACE = Pattern.compile("\\s", Pattern.UNICODE_CHARACTER_CLASS);

  private ByteLevelBpeWriter() {}

  /**
   * Writes a byte-level BPE {@code tokenizer.json} in the GPT-NeoX layout: ids 0 {@code
   * <|endoftext|>} and 1 {@code <|padding|>} (special), then the 256 byte tokens in GPT-2's order,
   * then the merged tokens, then the runs of 2 to 24 plain spaces as non-special added tokens; NFC
   * normalizer, ByteLevel pre-tokenizer, post-processor and decoder. The file is written to a
   * temporary file and renamed into place.
   *
   * <p>Hugging Face's BPE always applies the lowest-ranked merge present, so a plain left-to-right
   * chain per word breaks when another word's merge fires inside it first (with "123" and "23"
   * listed, "2 3" may merge before "12 3"). The merges are therefore closed: every way to cut a
   * token of the vocabulary into two tokens of the vocabulary is a merge, ranked by the length of
   * the result. While a word is still in several pieces its first piece is a prefix of the word,
   * and so is the first piece joined to the second; that join is a merge, so BPE cannot stop before
   * the word is one token, whatever order the merges fire in.
   *
   * @param file where to write
   * @param words the words to make single tokens: each non-empty, in Unicode NFC, and all letters,
   *     all digits, or all other non-space characters (what GPT-2's pre-tokenizer keeps together);
   *     duplicates are ignored
   * @return token text → id for the special tokens, the space runs, and each word {@code w} and
   *     {@code " " + w}
   * @throws IllegalArgumentException when a word can never be a single token, saying why
   * @throws StepIndexException when the file cannot be written
   */
  public static Map<String, Integer> write(Path file, List<String> words) {
    Set<String> unique = new LinkedHashSet<>(words);
    unique.forEach(ByteLevelBpeWriter::checkBpeWord);

    char space = ByteLevelAlphabet.charOf(' ');
    List<String> targets = new ArrayList<>();
    for (String word : unique) {
      targets.add(ByteLevelAlphabet.spell(word));
      targets.add(space + ByteLevelAlphabet.spell(word));
    }
    Set<String> mergedSet = new LinkedHashSet<>();
    for (String target : targets) {
      for (int end = 2; end <= target.length(); end++) {
        mergedSet.add(target.substring(0, end));
      }
    }
    List<String> merged = new ArrayList<>(mergedSet);
    // A stable sort keeps first-appearance order among tokens of one length, so the file is
    // deterministic.
    merged.sort(Comparator.comparingInt(String::length));

    ObjectNode vocab = JsonNodeFactory.instance.objectNode();
    Map<String, Integer> ids = new LinkedHashMap<>();
    ArrayNode addedTokens = JsonNodeFactory.instance.arrayNode();
    addToken(vocab, addedTokens, END_OF_TEXT, true);
    addToken(vocab, addedTokens, PADDING, true);
    for (int b : ByteLevelAlphabet.bytesInGpt2Order()) {
      vocab.put(String.valueOf(ByteLevelAlphabet.charOf(b)), vocab.size());
    }
    ArrayNode merges = JsonNodeFactory.instance.arrayNode();
    for (String token : merged) {
      vocab.put(token, vocab.size());
      for (int cut = 1; cut < token.length(); cut++) {
        String right = token.substring(cut);
        if (right.length() == 1 || mergedSet.contains(right)) {
          merges.add(token.substring(0, cut) + " " + right);
        }
      }
    }
    for (int run = LONGEST_SPACE_RUN; run >= 2; run--) {
      addToken(vocab, addedTokens, " ".repeat(run), false);
    }

    ids.put(END_OF_TEXT, 0);
    ids.put(PADDING, 1);
    for (String word : unique) {
      ids.put(word, vocab.get(ByteLevelAlphabet.spell(word)).intValue());
      ids.put(" " + word, vocab.get(space + ByteLevelAlphabet.spell(word)).intValue());
    }
    for (int run = LONGEST_SPACE_RUN; run >= 2; run--) {
      ids.put(" ".repeat(run), vocab.get(" ".repeat(run)).intValue());
    }

    ObjectNode byteLevel = JsonNodeFactory.instance.objectNode();
    byteLevel.put("type", "ByteLevel");
    byteLevel.put("add_prefix_space", false);
    byteLevel.put("trim_offsets", true);
    byteLevel.put("use_regex", true);

    ObjectNode model = JsonNodeFactory.instance.objectNode();
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    model.set("vocab", vocab);
    model.set("merges", merges);

    ObjectNode root = header(addedTokens);
    root.set("normalizer", JsonNodeFactory.instance.objectNode().put("type", "NFC"));
    root.set("pre_tokenizer", byteLevel);
    root.set("post_processor", byteLevel.deepCopy());
    root.set("decoder", byteLevel.deepCopy());
    root.set("model", model);
    writeAtomically(file, root);
    return Collections.unmodifiableMap(ids);
  }

  /**
   * Writes a word-level {@code tokenizer.json}: ids 0 {@code [UNK]} and 1 {@code <|endoftext|>}
   * (special), then the words in order; whitespace-split pre-tokenizer, no normalizer and no
   * decoder (Hugging Face then joins the tokens with single spaces when decoding). The file is
   * written to a temporary file and renamed into place.
   *
   * @param file where to write
   * @param words the vocabulary: each non-empty and without whitespace; duplicates are ignored
   * @throws IllegalArgumentException when a word is empty, holds whitespace or is a special token
   * @throws StepIndexException when the file cannot be written
   */
  public static void writeWordLevel(Path file, List<String> words) {
    ObjectNode vocab = JsonNodeFactory.instance.objectNode();
    ArrayNode addedTokens = JsonNodeFactory.instance.arrayNode();
    addToken(vocab, addedTokens, UNKNOWN, true);
    addToken(vocab, addedTokens, END_OF_TEXT, true);
    for (String word : new LinkedHashSet<>(words)) {
      if (word.isEmpty() || WHITESPACE.matcher(word).find() || vocab.has(word)) {
        throw new IllegalArgumentException(
            "word-level word '" + word + "' is empty, holds whitespace or is a special token");
      }
      vocab.put(word, vocab.size());
    }
    ObjectNode model = JsonNodeFactory.instance.objectNode();
    model.put("type", "WordLevel");
    model.set("vocab", vocab);
    model.put("unk_token", UNKNOWN);

    ObjectNode root = header(addedTokens);
    root.putNull("normalizer");
    root.set("pre_tokenizer", JsonNodeFactory.instance.objectNode().put("type", "WhitespaceSplit"));
    root.putNull("post_processor");
    root.putNull("decoder");
    root.set("model", model);
    writeAtomically(file, root);
  }

  private static void checkBpeWord(String word) {
    if (!ONE_PRE_TOKEN.matcher(word).matches()) {
      throw new IllegalArgumentException(
          "word '"
              + word
              + "' cannot be one byte-level BPE token: it must be non-empty and all letters, all digits,"
              + " or all other non-space characters, or GPT-2's pre-tokenizer splits it");
    }
    if (!Normalizer.isNormalized(word, Normalizer.Form.NFC)) {
      throw new IllegalArgumentException(
          "word '"
              + word
              + "' is not in Unicode NFC form; the tokenizer normalizes text to NFC, so pass"
              + " Normalizer.normalize(word, NFC)");
    }
  }

  /**
   * Adds a token to the model vocabulary with the next id and lists it as an added token, as
   * GPT-NeoX does.
   */
  private static void addToken(
      ObjectNode vocab, ArrayNode addedTokens, String content, boolean special) {
    int id = vocab.size();
    vocab.put(content, id);
    ObjectNode token = addedTokens.addObject();
    token.put("id", id);
    token.put("content", content);
    token.put("single_word", false);
    token.put("lstrip", false);
    token.put("rstrip", false);
    // GPT-NeoX matches its special tokens on the raw text and its space runs on the normalized
    // text.
    token.put("normalized", !special);
    token.put("special", special);
  }

  private static ObjectNode header(ArrayNode addedTokens) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    root.set("added_tokens", addedTokens);
    return root;
  }

  private static void writeAtomically(Path file, ObjectNode root) {
    Path target = file.toAbsolutePath();
    Path temp = null;
    try {
      temp = TempFiles.besides(target);
      Files.write(temp, Json.pretty().writeValueAsBytes(root));
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new StepIndexException(
          "cannot write tokenizer "
              + file
              + " ("
              + e
              + "); check that its directory exists and is writable",
          e);
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException suppressed) {
      // The original failure is the one to report; a leftover temp file is named after the target,
      // so it is findable.
    }
  }
}
