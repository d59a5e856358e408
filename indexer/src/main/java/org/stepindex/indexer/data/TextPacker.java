package org.stepindex.indexer.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * Real text into a pre-tokenized dataset in Pythia's layout, for benchmarks and tests on real text:
 * every text file under the given paths is one document, in an order shuffled by a seed (as the
 * Pile's documents are shuffled, so that any prefix of the dataset is a sample of all of it),
 * encoded with a {@code tokenizer.json} and followed by its end-of-text token, and the token stream
 * is cut into sequences of exactly {@code seqLength} tokens that cross document boundaries, as
 * GPT-NeoX packs the Pile (the tokens after the last whole sequence are dropped).
 *
 * <p>Files that are not UTF-8 text (a NUL byte or an invalid sequence in them) are skipped, and so
 * are empty ones. A file larger than {@value #PIECE_CHARS} characters is encoded in pieces cut
 * after a line end, so that the encoder's memory stays small: the cut is after a line end followed
 * by a character other than white space, where the pre-tokenizer of byte-level BPE splits anyway,
 * so the pieces' tokens are the whole file's. Files are encoded on all cores, one tokenizer each,
 * and written in order; the dataset is written under temporary names and renamed into place when
 * whole.
 */
public final class TextPacker {
  /** The largest piece of a file encoded at once, in characters. */
  static final int PIECE_CHARS = 1 << 18;

  private static final int FILES_PER_ROUND = 256;

  private TextPacker() {}

  /**
   * What was packed.
   *
   * @param files the text files encoded (whole or in part)
   * @param skipped the files left out as not UTF-8 text, or empty
   * @param textBytes the UTF-8 bytes of text encoded
   * @param sequences the sequences written
   * @param tokens the tokens written ({@code sequences · seqLength})
   */
  public record Result(long files, long skipped, long textBytes, long sequences, long tokens) {}

  /**
   * Encodes the text files under {@code inputs} into {@code prefix.bin}/{@code prefix.idx}.
   *
   * @param inputs files and directories (walked recursively; hidden entries included, links not
   *     followed)
   * @param tokenizerJson the tokenizer; its end-of-text token ({@code <|endoftext|>}) must exist
   * @param prefix the dataset's path without extension; must not exist yet
   * @param seqLength tokens per sequence
   * @param maxTokens stop after this many tokens (whole sequences); {@code Long.MAX_VALUE} for all
   *     the text
   * @param threads encoder threads
   * @param seed the seed of the documents' order
   * @param progress told about every round of files
   * @return what was written
   * @throws StepIndexException when an input is missing, the tokenizer has no end-of-text token,
   *     too little text makes no sequence, or the dataset cannot be written
   */
  public static Result pack(
      List<Path> inputs,
      Path tokenizerJson,
      Path prefix,
      int seqLength,
      long maxTokens,
      int threads,
      long seed,
      Consumer<String> progress) {
    List<Path> files = files(inputs);
    Collections.shuffle(files, new Random(seed));
    List<HfTokenizer> tokenizers = new ArrayList<>();
    // One tokenizer per encoder thread, closed at the end.
    ThreadLocal<HfTokenizer> perThread =
        ThreadLocal.withInitial(
            () -> {
              HfTokenizer tokenizer = HfTokenizer.load(tokenizerJson);
              synchronized (tokenizers) {
                tokenizers.add(tokenizer);
              }
              return tokenizer;
            });
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, threads), Thread.ofPlatform().daemon().factory());
    // Written under a name of its own, renamed into place when whole (a failure deletes it).
    Path tmp =
        prefix.resolveSibling(
            "." + prefix.getFileName() + ".packing-" + ProcessHandle.current().pid());
    try {
      int endOfText;
      TokenDType dtype;
      try (HfTokenizer tokenizer = HfTokenizer.load(tokenizerJson)) {
        endOfText =
            tokenizer
                .idOf("<|endoftext|>")
                .orElseThrow(
                    () ->
                        new StepIndexException(
                            tokenizerJson
                                + " has no <|endoftext|> token to end each document with"));
        dtype = tokenizer.vocabSize() <= 0xFFFF ? TokenDType.UINT16 : TokenDType.INT32;
      }
      Files.createDirectories(prefix.toAbsolutePath().getParent());
      long encodedFiles = 0;
      long skipped = 0;
      long textBytes = 0;
      int[] sequence = new int[seqLength];
      int filled = 0;
      long written = 0;
      try (MegatronWriter writer = MegatronWriter.create(tmp, dtype)) {
        rounds:
        for (int from = 0; from < files.size(); from += FILES_PER_ROUND) {
          List<Future<Encoded>> round = new ArrayList<>();
          for (int f = from; f < Math.min(files.size(), from + FILES_PER_ROUND); f++) {
            Path file = files.get(f);
            round.add(pool.submit(() -> encode(file, perThread.get(), endOfText)));
          }
          for (Future<Encoded> future : round) {
            Encoded encoded = get(future);
            if (encoded == null) {
              skipped++;
              continue;
            }
            encodedFiles++;
            textBytes += encoded.bytes();
            for (int[] piece : encoded.pieces()) {
              for (int at = 0; at < piece.length; ) {
                int n = Math.min(piece.length - at, seqLength - filled);
                System.arraycopy(piece, at, sequence, filled, n);
                filled += n;
                at += n;
                if (filled == seqLength) {
                  writer.addSequence(sequence, 0, seqLength);
                  written += seqLength;
                  filled = 0;
                  if (written + seqLength > maxTokens) {
                    break rounds;
                  }
                }
              }
            }
          }
          progress.accept(
              String.format(
                  java.util.Locale.ROOT,
                  "%,d of %,d files, %,d tokens",
                  Math.min(files.size(), from + FILES_PER_ROUND),
                  files.size(),
                  written));
        }
      }
      if (written == 0) {
        throw new StepIndexException(
            "the text under " + inputs + " makes no sequence of " + seqLength + " tokens");
      }
      for (String ext : new String[] {".bin", ".idx"}) {
        Files.move(
            Path.of(tmp + ext),
            Path.of(prefix + ext),
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      return new Result(encodedFiles, skipped, textBytes, written / seqLength, written);
    } catch (IOException e) {
      throw new StepIndexException("cannot write " + prefix + ": " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
      try {
        // A tokenizer is closed only once no encoder is inside it (native code does not see an
        // interrupt).
        pool.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (tokenizers) {
        tokenizers.forEach(HfTokenizer::close);
      }
      try {
        Files.deleteIfExists(Path.of(tmp + ".bin"));
        Files.deleteIfExists(Path.of(tmp + ".idx"));
      } catch (IOException e) {
        // nothing more to do: a temporary name, never read as the dataset
      }
    }
  }

  /** A file's tokens, its end-of-text token last; its UTF-8 size. */
  private record Encoded(List<int[]> pieces, long bytes) {}

  /** The file's tokens, or null when it is not UTF-8 text or is empty. */
  private static Encoded encode(Path file, HfTokenizer tokenizer, int endOfText)
      throws IOException {
    String text = readText(file);
    if (text == null || text.isEmpty()) {
      return null;
    }
    List<int[]> pieces = new ArrayList<>();
    for (int at = 0; at < text.length(); ) {
      int end = at + PIECE_CHARS >= text.length() ? text.length() : cut(text, at, at + PIECE_CHARS);
      pieces.add(tokenizer.encode(text.substring(at, end)));
      at = end;
    }
    pieces.add(new int[] {endOfText});
    return new Encoded(pieces, text.getBytes(StandardCharsets.UTF_8).length);
  }

  /**
   * Where to end a piece that starts at {@code from}, at most at {@code limit}: after a line end
   * that a character other than white space follows, where byte-level BPE's pre-tokenizer cuts too
   * (between two line ends it would not: a run of white space is one pre-token), so the pieces
   * encode to the tokens of the whole; {@code limit} where the piece has no such place.
   */
  static int cut(String text, int from, int limit) {
    for (int end = limit; end > from + 1; end--) {
      if (text.charAt(end - 1) == '\n' && !Character.isWhitespace(text.charAt(end))) {
        return end;
      }
    }
    return Character.isLowSurrogate(text.charAt(limit))
        ? limit - 1
        : limit; // never a character cut in two
  }

  /** The file as text, or null when it holds a NUL byte or is not valid UTF-8. */
  private static String readText(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readAllBytes();
    }
    for (byte b : bytes) {
      if (b == 0) {
        return null;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static List<Path> files(List<Path> inputs) {
    List<Path> files = new ArrayList<>();
    for (Path input : inputs) {
      if (Files.isRegularFile(input)) {
        files.add(input);
      } else if (Files.isDirectory(input)) {
        try (Stream<Path> walk = Files.walk(input)) {
          walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        } catch (IOException | UncheckedIOException e) {
          throw new StepIndexException("cannot read " + input + ": " + e.getMessage(), e);
        }
      } else {
        throw new StepIndexException(input + " is neither a text file nor a directory");
      }
    }
    return files;
  }

  private static Encoded get(Future<Encoded> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw new StepIndexException("cannot read text: " + io.getMessage(), io);
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepIndexException("interrupted while encoding text");
    }
  }
}
