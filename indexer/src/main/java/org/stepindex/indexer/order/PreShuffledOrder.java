package org.stepindex.indexer.order;

import java.nio.file.Path;
import org.stepindex.indexer.data.MegatronDataset;

/**
 * The order of a pre-shuffled dataset, Pythia's published files: training sequence {@code i} is
 * sequence {@code i} of the Megatron dataset, whole. The order stepindex has always read; its
 * manifests record no order.
 */
public final class PreShuffledOrder implements SequenceSource {
  private final MegatronDataset data;
  private final boolean owned;

  private PreShuffledOrder(MegatronDataset data, boolean owned) {
    this.data = data;
    this.owned = owned;
  }

  /**
   * Opens the dataset {@code path} names (see {@link MegatronDataset#open}); closing the order
   * closes it.
   *
   * @throws org.stepindex.indexer.base.StepIndexException if it is missing or damaged
   */
  public static PreShuffledOrder open(Path path) {
    return new PreShuffledOrder(MegatronDataset.open(path), true);
  }

  /**
   * The order of a dataset the caller keeps open (and closes); closing the order leaves it open.
   */
  public static PreShuffledOrder of(MegatronDataset data) {
    return new PreShuffledOrder(data, false);
  }

  /** Returns the dataset. */
  public MegatronDataset dataset() {
    return data;
  }

  @Override
  public long sequenceCount() {
    return data.sequenceCount();
  }

  @Override
  public int size(long sequence) {
    return data.size(sequence);
  }

  @Override
  public int maxSize() {
    return data.maxSize();
  }

  @Override
  public long totalTokens() {
    return data.totalTokens();
  }

  @Override
  public int read(long sequence, int[] dst) {
    return data.read(sequence, dst);
  }

  @Override
  public String dataFingerprint() {
    return data.fingerprint();
  }

  @Override
  public RecordedOrder recorded() {
    return null;
  }

  @Override
  public String describe() {
    return data.idxPath().toString();
  }

  @Override
  public void close() {
    if (owned) {
      data.close();
    }
  }
}
