package org.stepindex.indexer.order;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.data.NpyArray;

/**
 * The order of a GPT-NeoX or Megatron run over an unshuffled dataset (PolyPythias, a lab's own
 * run): training sequence {@code j} is GPT-NeoX's training sample {@code j}, {@link
 * MegatronSampleRule} applied to the run's maps ({@link MegatronMaps}), {@code --seq-length} tokens
 * (GPT-NeoX's {@code seq_length + 1}), consecutive samples sharing their boundary token as
 * GPT-NeoX's do. The documents the maps name are the sequences of the dataset's {@code .idx}.
 */
public final class MegatronOrder implements SequenceSource {
  /** The roles of the maps, in the order a manifest records them; also their option names. */
  public static final List<String> ROLES = List.of("doc-idx", "sample-idx", "shuffle-idx");

  private final MegatronDataset data;
  private final MegatronMaps maps;
  private final int tokens;
  private final RecordedOrder recorded;

  private MegatronOrder(MegatronDataset data, MegatronMaps maps, int tokens) {
    this.data = data;
    this.maps = maps;
    this.tokens = tokens;
    List<RecordedOrder.MapFile> files = new ArrayList<>();
    List<NpyArray> arrays = maps.arrays();
    for (int i = 0; i < arrays.size(); i++) {
      files.add(mapFile(ROLES.get(i), arrays.get(i)));
    }
    this.recorded = new RecordedOrder("megatron", List.of(), null, files);
  }

  /** What a manifest records of one map file. */
  static RecordedOrder.MapFile mapFile(String role, NpyArray array) {
    return new RecordedOrder.MapFile(
        role,
        array.file().toAbsolutePath().toString(),
        array.fileBytes(),
        RecordedOrder.crc32c(array.file()),
        array.shapeText(),
        array.type().typeName());
  }

  /**
   * Opens the unshuffled dataset and the run's maps, and checks the maps against it ({@link
   * MegatronMaps#open}).
   *
   * @param data the unshuffled dataset (prefix, {@code .idx} or directory)
   * @param docIdx the {@code *_doc_idx.npy} map
   * @param sampleIdx the {@code *_sample_idx.npy} map
   * @param shuffleIdx the {@code *_shuffle_idx.npy} map
   * @param tokens tokens per training sequence, GPT-NeoX's {@code seq_length + 1}
   * @throws StepIndexException for a missing or damaged file or any problem of the maps, in one
   *     line
   */
  public static MegatronOrder open(
      Path data, Path docIdx, Path sampleIdx, Path shuffleIdx, int tokens) {
    MegatronDataset dataset = MegatronDataset.open(data);
    try {
      MegatronMaps maps =
          MegatronMaps.open(
              docIdx,
              sampleIdx,
              shuffleIdx,
              dataset.sequenceCount(),
              dataset::size,
              tokens,
              dataset.idxPath().toString());
      return new MegatronOrder(dataset, maps, tokens);
    } catch (RuntimeException e) {
      dataset.close();
      throw e;
    }
  }

  @Override
  public long sequenceCount() {
    return maps.samples();
  }

  @Override
  public int size(long sequence) {
    checkSequence(sequence);
    return tokens;
  }

  @Override
  public int maxSize() {
    return tokens;
  }

  @Override
  public long totalTokens() {
    return maps.samples() * tokens;
  }

  @Override
  public int read(long sequence, int[] dst) {
    checkSequence(sequence);
    if (dst.length < tokens) {
      throw new IllegalArgumentException(
          "sample " + sequence + " has " + tokens + " tokens; dst holds " + dst.length);
    }
    long row = maps.row(sequence);
    int at = 0;
    for (MegatronSampleRule.Piece piece :
        MegatronSampleRule.pieces(
            maps.sampleIdx(row, 0),
            maps.sampleIdx(row, 1),
            maps.sampleIdx(row + 1, 0),
            maps.sampleIdx(row + 1, 1),
            maps::docIdx,
            d -> data.size(d),
            tokens)) {
      data.read(piece.document(), piece.offset(), piece.length(), dst, at);
      at += piece.length();
    }
    Arrays.fill(
        dst, at, tokens,
        0); // GPT-NeoX pads a short sample with token 0 (gpt2_dataset.py lines 171-178)
    return tokens;
  }

  private void checkSequence(long sequence) {
    if (sequence < 0 || sequence >= maps.samples()) {
      throw new StepIndexException(
          "sample "
              + sequence
              + " is out of range: the maps define samples 0 to "
              + (maps.samples() - 1));
    }
  }

  @Override
  public String dataFingerprint() {
    return data.fingerprint();
  }

  @Override
  public RecordedOrder recorded() {
    return recorded;
  }

  @Override
  public String describe() {
    return "the megatron order of " + data.idxPath();
  }

  @Override
  public void close() {
    try {
      maps.close();
    } finally {
      data.close();
    }
  }
}
