package org.stepindex.eval.agreement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.query.history.History;

/**
 * The token contexts an agreement run compares the model and the data on: read from a file, or
 * drawn from the data.
 */
public final class Contexts {
  /** Tokens of a context drawn from the data: enough for the 4-gram and a longer suffix for ∞. */
  public static final int SAMPLED_LENGTH = 8;

  private Contexts() {}

  /**
   * Reads a contexts file: one context a line, either token ids (whole numbers separated by spaces
   * or commas) or a text, encoded with {@code tokenizer}; blank lines and lines starting with
   * {@code #} are skipped.
   *
   * @throws StepIndexException (one line, naming the line) for an unreadable file, an empty one, a
   *     text that encodes to nothing, an id outside the vocabulary or a special token (a context
   *     never spans a document boundary)
   */
  public static List<int[]> read(Path file, HfTokenizer tokenizer) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StepIndexException("cannot read --contexts " + file + ": " + e.getMessage(), e);
    }
    List<int[]> contexts = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (i + 1);
      int[] ids = line.strip().matches("[0-9]+([ ,]+[0-9]+)*") ? ids(line) : tokenizer.encode(line);
      if (ids.length == 0) {
        throw new StepIndexException(where + " encodes to no tokens");
      }
      for (int id : ids) {
        if (!tokenizer.contains(id) || tokenizer.isSpecial(id)) {
          throw new StepIndexException(
              where
                  + ": token "
                  + id
                  + (tokenizer.contains(id)
                      ? " is a special token, and a context never spans a document boundary"
                      : " is not in the tokenizer's vocabulary (0.."
                          + (tokenizer.vocabSize() - 1)
                          + ")"));
        }
      }
      contexts.add(ids);
    }
    if (contexts.isEmpty()) {
      throw new StepIndexException(
          "--contexts " + file + " holds no context (one a line: token ids or a text)");
    }
    return contexts;
  }

  private static int[] ids(String line) {
    String[] parts = line.strip().split("[ ,]+");
    int[] ids = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        ids[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        ids[i] = -1; // out of the vocabulary: named by the caller's check
      }
    }
    return ids;
  }

  /**
   * Draws {@code count} contexts of {@value #SAMPLED_LENGTH} tokens from the sequences seen by
   * {@code step}: a sequence and a position uniformly at random (seeded), keeping a window of
   * ordinary tokens that some token follows inside its sequence. The same arguments draw the same
   * contexts.
   *
   * @throws StepIndexException if {@code count} is not positive, or the data seen by the step holds
   *     no such window
   */
  public static List<int[]> sample(History history, long step, int count, long seed) {
    if (count < 1) {
      throw new StepIndexException("--sample must be at least 1, got " + count);
    }
    long sequences = history.index().manifest().sequencesBefore(step);
    if (sequences <= 0) {
      throw new StepIndexException("step " + step + " has seen no sequences to draw contexts from");
    }
    HfTokenizer tokenizer = history.tokenizer();
    SplittableRandom random = new SplittableRandom(seed);
    List<int[]> contexts = new ArrayList<>();
    for (int tries = 0; contexts.size() < count; tries++) {
      if (tries > 1000L * count) {
        throw new StepIndexException(
            "the data seen by step "
                + step
                + " has too few runs of "
                + SAMPLED_LENGTH
                + " ordinary tokens to draw "
                + count
                + " contexts from");
      }
      int[] ids = history.ids(random.nextLong(sequences));
      if (ids.length <= SAMPLED_LENGTH) {
        continue;
      }
      int start =
          random.nextInt(ids.length - SAMPLED_LENGTH); // leaves a next token inside the sequence
      boolean ordinary = true;
      for (int i = start; i < start + SAMPLED_LENGTH && ordinary; i++) {
        ordinary = !tokenizer.isSpecial(ids[i]);
      }
      if (ordinary) {
        contexts.add(java.util.Arrays.copyOfRange(ids, start, start + SAMPLED_LENGTH));
      }
    }
    return contexts;
  }
}
