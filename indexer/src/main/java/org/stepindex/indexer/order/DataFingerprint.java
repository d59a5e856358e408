package org.stepindex.indexer.order;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint an index records of its training sequences: the source's {@link
 * SequenceSource#dataFingerprint()} plus the tokens of {@value #SAMPLES} sequences spread evenly
 * over the order, first and last included. Other data behind the same files' headers is caught
 * unless it differs only between the samples; hashing every token would cost a full read of the
 * data (600 GB for the Pile) on every extension. For the pre-shuffled order this is the fingerprint
 * stepindex has always recorded.
 */
public final class DataFingerprint {
  private static final int SAMPLES = 257;

  private DataFingerprint() {}

  /** Returns the fingerprint of {@code source}'s sequences, lowercase hex SHA-256. */
  public static String of(SequenceSource source) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(source.dataFingerprint().getBytes(StandardCharsets.US_ASCII));
      long n = source.sequenceCount();
      int[] ids = new int[0];
      long samples = Math.min(n, SAMPLES);
      for (long i = 0; i < samples; i++) {
        long s = samples == 1 ? 0 : i * (n - 1) / (samples - 1);
        if (ids.length < source.size(s)) {
          ids = new int[source.size(s)];
        }
        int length = source.read(s, ids);
        ByteBuffer buffer = ByteBuffer.allocate(4 * length);
        buffer.asIntBuffer().put(ids, 0, length);
        digest.update(buffer.array());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
