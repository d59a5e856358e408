package org.stepindex.query;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.roaringbitmap.RoaringBitmap;

/**
 * The sequences of one shard that match a query, as a RoaringBitmap of doc ids, with the
 * occurrences in each.
 *
 * <p>Built once per query and shard; afterwards a count up to any doc id is a rank query on the
 * bitmap plus one lookup in the cumulative occurrence array, and a sequence-level co-occurrence is
 * a bitmap intersection.
 */
public final class ShardMatches {
  private static final int FORMAT = 1;

  private final RoaringBitmap docs;

  /** cumulative[r] = occurrences in the first r matching docs (in doc order). */
  private final long[] cumulative;

  /**
   * @param docs the matching doc ids
   * @param occurrences occurrences per matching doc, in doc id order (same length as the bitmap's
   *     cardinality)
   */
  public ShardMatches(RoaringBitmap docs, int[] occurrences) {
    if (docs.getLongCardinality() != occurrences.length) {
      throw new IllegalArgumentException("one occurrence count per matching doc expected");
    }
    this.docs = docs;
    this.cumulative = new long[occurrences.length + 1];
    for (int i = 0; i < occurrences.length; i++) {
      cumulative[i + 1] = cumulative[i] + occurrences[i];
    }
  }

  /** The matching doc ids (shared, do not modify). */
  public RoaringBitmap docs() {
    return docs;
  }

  /** Approximate heap bytes of this match set. */
  public long bytes() {
    return docs.getLongSizeInBytes() + 8L * cumulative.length;
  }

  /** Matches among docs {@code [0, limit)}. */
  public Count countBelow(int limit) {
    if (limit <= 0) {
      return Count.ZERO;
    }
    int rank = (int) docs.rankLong(limit - 1);
    return new Count(rank, cumulative[rank]);
  }

  /** All matches in the shard. */
  public Count total() {
    int n = cumulative.length - 1;
    return new Count(n, cumulative[n]);
  }

  /** Occurrences in the matching doc {@code doc}; 0 if it does not match. */
  public int occurrencesIn(int doc) {
    if (!docs.contains(doc)) {
      return 0;
    }
    int rank = (int) docs.rankLong(doc);
    return (int) (cumulative[rank] - cumulative[rank - 1]);
  }

  /** Writes this match set in the cache format. */
  public void write(OutputStream stream) throws IOException {
    DataOutputStream out = new DataOutputStream(stream);
    out.writeInt(FORMAT);
    docs.serialize(out);
    int n = cumulative.length - 1;
    out.writeInt(n);
    for (int i = 0; i < n; i++) {
      out.writeInt((int) (cumulative[i + 1] - cumulative[i]));
    }
    out.flush();
  }

  /** Reads a match set written by {@link #write}. */
  public static ShardMatches read(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    if (in.readInt() != FORMAT) {
      throw new IOException("unknown match cache format");
    }
    RoaringBitmap docs = new RoaringBitmap();
    docs.deserialize(in);
    int[] occurrences = new int[in.readInt()];
    for (int i = 0; i < occurrences.length; i++) {
      occurrences[i] = in.readInt();
    }
    return new ShardMatches(docs, occurrences);
  }
}
