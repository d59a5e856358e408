package org.stepindex.query.history;

import java.nio.file.Path;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.intervention.Intervention;
import org.stepindex.indexer.intervention.Interventions;
import org.stepindex.indexer.layout.StepReader;
import org.stepindex.indexer.order.OrderSpec;
import org.stepindex.indexer.order.SequenceSource;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.SequenceContent;

/**
 * The training data behind an index, read as the index counted it: each sequence from the {@code
 * .bin}, with the index's intervention applied at the sequence's step, split at special tokens by
 * the index's tokenizer.
 *
 * <p>The data and tokenizer are the ones the manifest records, or others given in their place
 * (moved files). Data that cannot be the index's (another number of sequences or tokens) or another
 * tokenizer is refused in one line when opened; the data's full fingerprint is not recomputed (it
 * reads the whole {@code .idx}, 1.7 GB for the Pile), so the callers check every sequence they read
 * against what the index says is in it ({@link #differs}).
 *
 * <p>Thread-safe: reads copy from the memory-mapped data.
 */
public final class TrainingText implements AutoCloseable {
  private final Path indexDir;
  private final Path dataPath;
  private final SequenceSource data;

  /**
   * Reads each sequence as the index builder read it: the index's intervention applied at its step.
   */
  private final StepReader reader;

  private final HfTokenizer tokenizer;
  private final Manifest manifest;

  private TrainingText(
      Path indexDir,
      Path dataPath,
      SequenceSource data,
      HfTokenizer tokenizer,
      Manifest manifest,
      Intervention intervention) {
    this.indexDir = indexDir;
    this.dataPath = dataPath;
    this.data = data;
    this.reader = new StepReader(data, manifest.layout(), intervention);
    this.tokenizer = tokenizer;
    this.manifest = manifest;
  }

  /**
   * Opens the data of the index at {@code indexDir}.
   *
   * @param indexDir the index directory (for messages)
   * @param manifest its manifest
   * @param dataOverride the data in place of the recorded path, or null
   * @param tokenizerOverride the tokenizer in place of the recorded path, or null
   * @return the open data
   * @throws StepIndexException (one line) when the data or tokenizer is missing or is not the
   *     index's
   */
  public static TrainingText open(
      Path indexDir, Manifest manifest, Path dataOverride, Path tokenizerOverride) {
    Path dataPath = dataOverride != null ? dataOverride : Path.of(manifest.data().path());
    Path tokenizerPath =
        tokenizerOverride != null ? tokenizerOverride : Path.of(manifest.tokenizer().path());
    HfTokenizer tokenizer;
    try {
      tokenizer = HfTokenizer.load(tokenizerPath);
    } catch (StepIndexException e) {
      throw new StepIndexException(
          "cannot read the tokenizer of the index at "
              + indexDir
              + ": "
              + e.getMessage()
              + (tokenizerOverride == null ? "; give --tokenizer FILE where it is now" : ""));
    }
    if (!tokenizer.sha256().equals(manifest.tokenizer().sha256())) {
      tokenizer.close();
      throw new StepIndexException(
          "the tokenizer "
              + tokenizerPath
              + " is not the one the index at "
              + indexDir
              + " was built with; give --tokenizer the index's tokenizer.json");
    }
    // The sequences in the index's own training order (pre-shuffled, GPT-NeoX's maps, OLMo's global
    // indices), as
    // the builder read them.
    SequenceSource data;
    try {
      data = OrderSpec.recorded(manifest.order(), dataPath).open(manifest.layout().seqLength());
    } catch (StepIndexException e) {
      tokenizer.close();
      throw new StepIndexException(
          "cannot read the training data of the index at "
              + indexDir
              + ": "
              + e.getMessage()
              + (dataOverride == null ? "; give --data PATH where it is now" : ""));
    }
    if (data.sequenceCount() != manifest.data().sequences()
        || data.totalTokens() != manifest.data().tokens()) {
      String found = data.sequenceCount() + " sequences of " + data.totalTokens() + " tokens";
      data.close();
      tokenizer.close();
      throw new StepIndexException(
          "the data at "
              + dataPath
              + " is not the data the index at "
              + indexDir
              + " was built from ("
              + found
              + ", not "
              + manifest.data().sequences()
              + " of "
              + manifest.data().tokens()
              + "); give --data the index's data");
    }
    try {
      Intervention intervention =
          manifest.intervention() == null
              ? null
              : Interventions.parse(manifest.intervention(), tokenizer, manifest.dataSteps());
      return new TrainingText(indexDir, dataPath, data, tokenizer, manifest, intervention);
    } catch (RuntimeException e) {
      data.close();
      tokenizer.close();
      throw e;
    }
  }

  /** The tokenizer, for decoding. */
  public HfTokenizer tokenizer() {
    return tokenizer;
  }

  /**
   * Sequence {@code sequence} as the index counted it: its ids (the intervention applied at its
   * step) and their split at special tokens.
   */
  public SequenceContent read(long sequence) {
    int[] ids = ids(sequence);
    return tokenizer.split(ids, ids.length);
  }

  /**
   * The ids of sequence {@code sequence} as the index counted them: the intervention applied at its
   * step.
   */
  public int[] ids(long sequence) {
    int[] ids = new int[reader.size(sequence)];
    reader.read(sequence, ids);
    return ids;
  }

  /**
   * The one line for a sequence that does not hold what the index found in it: the data was changed
   * since the index was built, or is other data of the same size.
   */
  public StepIndexException differs(long sequence) {
    return new StepIndexException(
        "sequence "
            + sequence
            + " of the data at "
            + dataPath
            + " does not hold what the"
            + " index at "
            + indexDir
            + " found there: the data changed since it was indexed, or is other data; give"
            + " --data the index's data");
  }

  @Override
  public void close() {
    data.close();
    tokenizer.close();
  }
}
