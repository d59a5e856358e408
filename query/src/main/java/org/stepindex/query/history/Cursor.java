package org.stepindex.query.history;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.store.Manifest;

/**
 * Where a page of {@code find} rows ended: a row's sequence and its rank among the sequence's
 * matches, bound to the data, view and query it was found for, so that {@code --after CURSOR}
 * continues exactly there and a cursor of another index or query is refused rather than silently
 * skipping rows.
 *
 * <p>Written as {@code c1} and the URL-safe Base64 of the sequence (8 bytes), the rank (4 bytes)
 * and the first 8 bytes of a SHA-256 of what it is bound to: it travels in a shell, a URL and a
 * JSON string as it is.
 *
 * @param sequence the row's sequence
 * @param rank the row's rank among its sequence's matches, from 0
 * @param binding what the cursor is bound to ({@link #binding})
 */
record Cursor(long sequence, int rank, long binding) {
  private static final String PREFIX = "c1";
  private static final int BYTES = 20;

  /** The binding of cursors of {@code query} in {@code view} of an index with {@code manifest}. */
  static long binding(Manifest manifest, String view, String query) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String bound =
          manifest.data().fingerprint()
              + "\u0000"
              + manifest.intervention()
              + "\u0000"
              + view
              + "\u0000"
              + query;
      return ByteBuffer.wrap(sha.digest(bound.getBytes(StandardCharsets.UTF_8))).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }

  /** The cursor as {@code find} prints it. */
  String text() {
    ByteBuffer bytes = ByteBuffer.allocate(BYTES).putLong(sequence).putInt(rank).putLong(binding);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  /**
   * Reads a cursor printed by {@code find} and checks it is bound to {@code binding}.
   *
   * @throws StepIndexException (one line) for text that is not a cursor, or a cursor of another
   *     index, view or query
   */
  static Cursor parse(String text, long binding) {
    byte[] bytes = null;
    if (text.startsWith(PREFIX)) {
      try {
        bytes = Base64.getUrlDecoder().decode(text.substring(PREFIX.length()));
      } catch (IllegalArgumentException e) {
        bytes = null;
      }
    }
    if (bytes == null || bytes.length != BYTES) {
      throw new StepIndexException(
          "--after '" + text + "' is not a cursor; give the 'cursor' of a row find printed");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    Cursor cursor = new Cursor(buffer.getLong(), buffer.getInt(), buffer.getLong());
    if (cursor.sequence < 0 || cursor.rank < 0) {
      throw new StepIndexException(
          "--after '" + text + "' is not a cursor; give the 'cursor' of a row find printed");
    }
    if (cursor.binding != binding) {
      throw new StepIndexException(
          "--after '"
              + text
              + "' is a cursor of another index, view or query; continue"
              + " with the query, view and index it was printed for");
    }
    return cursor;
  }
}
