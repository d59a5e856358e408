package org.stepindex.indexer.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * CRC32C of a shard's token ids, each as 4 little-endian bytes, in sequence order: recorded in the
 * shard when it is built ({@link ShardCommit}) and recomputed from the data by {@code stepindex
 * verify --full}, which so finds every token of the data that differs from what the shard indexed.
 * CRC32C runs at gigabytes per second, far above the indexing rate, so the build does not notice
 * it.
 */
public final class TokenChecksum {
  private final CRC32C crc = new CRC32C();
  private ByteBuffer buffer = ByteBuffer.allocate(0);

  /** Adds the first {@code length} ids of {@code ids}. */
  public void add(int[] ids, int length) {
    if (buffer.capacity() < 4 * length) {
      buffer = ByteBuffer.allocate(4 * length).order(ByteOrder.LITTLE_ENDIAN);
    }
    buffer.clear();
    buffer.asIntBuffer().put(ids, 0, length);
    crc.update(buffer.array(), 0, 4 * length);
  }

  /** The checksum of the ids added so far. */
  public long value() {
    return crc.getValue();
  }
}
