package org.stepindex.indexer.order;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongUnaryOperator;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.NpyArray;

/**
 * GPT-NeoX's three cached index maps of one training run, opened and checked against the documents
 * they index: {@code *_doc_idx.npy} (1-D: position to document), {@code *_sample_idx.npy} (2-D, two
 * columns: a sample's first {@code doc_idx} position and offset) and {@code *_shuffle_idx.npy}
 * (1-D: training sample to {@code sample_idx} row). {@code gpt2_dataset.py} builds them in {@code
 * _build_index_mappings} (lines 201-393).
 *
 * <p>{@link #open} reads each map once and throws at the first problem, one line naming the file: a
 * shape or dtype that is not the map's, a document outside the data, a {@code sample_idx} row
 * outside {@code doc_idx} or with an offset past its document, rows that go backwards, a sample
 * that does not span {@code --seq-length} tokens (maps built for another {@code seq_length}, or not
 * by the packed rule), a shuffle map that is not a permutation of the samples (or is mostly one
 * value, as a damaged seed's map in Pythia's issue tracker is). So a build that starts never meets
 * a bad map halfway.
 */
public final class MegatronMaps implements AutoCloseable {
  private final NpyArray docIdx;
  private final NpyArray sampleIdx;
  private final NpyArray shuffleIdx;

  private MegatronMaps(NpyArray docIdx, NpyArray sampleIdx, NpyArray shuffleIdx) {
    this.docIdx = docIdx;
    this.sampleIdx = sampleIdx;
    this.shuffleIdx = shuffleIdx;
  }

  /**
   * Opens and checks the maps.
   *
   * @param docIdxFile the {@code doc_idx} map
   * @param sampleIdxFile the {@code sample_idx} map
   * @param shuffleIdxFile the {@code shuffle_idx} map
   * @param documents the number of documents of the unshuffled data
   * @param documentSize the tokens of a document
   * @param tokens the tokens of a sample, GPT-NeoX's {@code seq_length + 1}
   * @param dataName the data, for messages
   * @throws StepIndexException at the first problem, in one line
   */
  public static MegatronMaps open(
      Path docIdxFile,
      Path sampleIdxFile,
      Path shuffleIdxFile,
      long documents,
      LongUnaryOperator documentSize,
      int tokens,
      String dataName) {
    List<NpyArray> opened = new ArrayList<>(3);
    try {
      opened.add(NpyArray.open(docIdxFile));
      opened.add(NpyArray.open(sampleIdxFile));
      opened.add(NpyArray.open(shuffleIdxFile));
      MegatronMaps maps = new MegatronMaps(opened.get(0), opened.get(1), opened.get(2));
      maps.check(documents, documentSize, tokens, dataName);
      opened.clear();
      return maps;
    } finally {
      opened.forEach(NpyArray::close);
    }
  }

  private void check(long documents, LongUnaryOperator documentSize, int tokens, String dataName) {
    requireShape(docIdx, 1, "doc_idx", "(documents × epochs,)");
    requireShape(sampleIdx, 2, "sample_idx", "(samples + 1, 2)");
    requireShape(shuffleIdx, 1, "shuffle_idx", "(samples,)");
    long samples = shuffleIdx.rows();
    if (samples == 0) {
      throw problem(shuffleIdx, "holds no samples; nothing was trained on");
    }
    if (sampleIdx.rows() != samples + 1) {
      throw problem(
          shuffleIdx,
          "has "
              + samples
              + " entries but "
              + sampleIdx.file().getFileName()
              + " has "
              + sampleIdx.rows()
              + " rows, that is "
              + (sampleIdx.rows() - 1)
              + " samples (GPT-NeoX shuffles one entry per"
              + " sample, gpt2_dataset.py line 292): the maps are of different runs, or one was cut short");
    }
    checkDocIdx(documents, dataName);
    Permutations.requirePermutation(shuffleIdx, samples, "sample_idx rows 0 to " + (samples - 1));
    checkSampleIdx(samples, documentSize, tokens);
  }

  private static void requireShape(NpyArray map, int dimensions, String name, String expected) {
    if (map.dimensions() != dimensions || (dimensions == 2 && map.columns() != 2)) {
      throw problem(
          map,
          "has shape "
              + map.shapeText()
              + ", but a "
              + name
              + " map has shape "
              + expected
              + "; is this the right file?");
    }
  }

  private void checkDocIdx(long documents, String dataName) {
    for (long i = 0; i < docIdx.rows(); i++) {
      long document = docIdx.get(i);
      if (document < 0 || document >= documents) {
        throw problem(
            docIdx,
            "entry "
                + i
                + " is document "
                + document
                + ", but "
                + dataName
                + " has documents 0 to "
                + (documents - 1)
                + ": the maps were built for other data");
      }
    }
  }

  /**
   * One pass over the rows a sample uses (0 to {@code samples}): each inside {@code doc_idx} and
   * its document, never before the previous one, and each sample spanning exactly {@code tokens}
   * tokens (its last token shared with the next sample), measured on a running total of the
   * documents' sizes.
   */
  private void checkSampleIdx(long samples, LongUnaryOperator documentSize, int tokens) {
    long positions = docIdx.rows();
    long cursor = 0; // doc_idx position whose start cursorTokens is
    long cursorTokens = 0;
    long previousAt = 0;
    long previousDoc = -1;
    long previousOffset = 0;
    for (long row = 0; row <= samples; row++) {
      long position = sampleIdx.get(row, 0);
      long offset = sampleIdx.get(row, 1);
      if (position < 0 || position >= positions) {
        throw problem(
            sampleIdx,
            "row "
                + row
                + " starts at doc_idx position "
                + position
                + ", outside "
                + docIdx.file().getFileName()
                + "'s "
                + positions
                + " entries: the maps are of different runs");
      }
      if (row > 0
          && (position < previousDoc || (position == previousDoc && offset < previousOffset))) {
        throw problem(
            sampleIdx,
            "row "
                + row
                + " ("
                + position
                + ", "
                + offset
                + ") comes before row "
                + (row - 1)
                + " ("
                + previousDoc
                + ", "
                + previousOffset
                + "); sample_idx rows never go backwards");
      }
      long size = documentSize.applyAsLong(docIdx.get(position));
      // A row ends sample row - 1 on its token offset (inclusive) and starts sample row there; row
      // 0 only starts one.
      long limit = row == 0 ? size : size - 1;
      if (offset < 0 || offset > limit) {
        throw problem(
            sampleIdx,
            "row "
                + row
                + " has offset "
                + offset
                + " in document "
                + docIdx.get(position)
                + " (doc_idx position "
                + position
                + "), which has "
                + size
                + " tokens: the offset runs past the"
                + " document; the maps were built for other data");
      }
      while (cursor < position) {
        cursorTokens += documentSize.applyAsLong(docIdx.get(cursor));
        cursor++;
      }
      long at = cursorTokens + offset;
      if (row > 0 && at - previousAt + 1 != tokens) {
        throw problem(
            sampleIdx,
            String.format(
                Locale.ROOT,
                "sample %d (rows %d to %d) spans %d tokens, not"
                    + " --seq-length %d (GPT-NeoX's seq_length + 1): the maps were built for seq_length %d, or not with"
                    + " pack_impl 'packed'; pass --seq-length %d",
                row - 1,
                row - 1,
                row,
                at - previousAt + 1,
                tokens,
                at - previousAt,
                at - previousAt + 1));
      }
      previousAt = at;
      previousDoc = position;
      previousOffset = offset;
    }
  }

  private static StepIndexException problem(NpyArray map, String what) {
    return new StepIndexException(map.file() + ": " + what);
  }

  /** Returns the number of training samples, {@code shuffle_idx}'s length. */
  public long samples() {
    return shuffleIdx.rows();
  }

  /** Returns the {@code sample_idx} row of training sample {@code sample}. */
  public long row(long sample) {
    return shuffleIdx.get(sample);
  }

  /** Returns {@code sample_idx[row][column]}. */
  public long sampleIdx(long row, int column) {
    return sampleIdx.get(row, column);
  }

  /** Returns {@code doc_idx[position]}. */
  public long docIdx(long position) {
    return docIdx.get(position);
  }

  /** Returns the maps in the order a manifest records them: doc_idx, sample_idx, shuffle_idx. */
  public List<NpyArray> arrays() {
    return List.of(docIdx, sampleIdx, shuffleIdx);
  }

  /** Unmaps the files. */
  @Override
  public void close() {
    docIdx.close();
    sampleIdx.close();
    shuffleIdx.close();
  }
}
