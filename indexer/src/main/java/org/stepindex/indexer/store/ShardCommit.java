package org.stepindex.indexer.store;

import java.util.Map;

/**
 * What a shard records about itself in its Lucene commit (the commit's user data, inside {@code
 * segments_N} and covered by its checksum): the sequences it holds, their tokens and the {@link
 * TokenChecksum} of their ids. So the manifest can be checked against the shards, and the shards
 * against the data, without trusting either.
 *
 * @param firstSequence first sequence indexed
 * @param endSequence first sequence not indexed
 * @param tokens tokens indexed
 * @param tokenCrc32c the {@link TokenChecksum} of the indexed ids
 */
public record ShardCommit(long firstSequence, long endSequence, long tokens, long tokenCrc32c) {
  private static final String FIRST = "stepindex.firstSequence";
  private static final String END = "stepindex.endSequence";
  private static final String TOKENS = "stepindex.tokens";
  private static final String CRC = "stepindex.tokenCrc32c";

  /** The record for {@code shard} with the checksum of its ids. */
  static ShardCommit of(ShardInfo shard, long tokenCrc32c) {
    return new ShardCommit(shard.firstSequence(), shard.endSequence(), shard.tokens(), tokenCrc32c);
  }

  /** As Lucene commit user data. */
  public Map<String, String> userData() {
    return Map.of(
        FIRST,
        Long.toString(firstSequence),
        END,
        Long.toString(endSequence),
        TOKENS,
        Long.toString(tokens),
        CRC,
        Long.toString(tokenCrc32c));
  }

  /**
   * Reads the record from a commit's user data; null for a shard built before shards recorded it.
   */
  public static ShardCommit from(Map<String, String> userData) {
    if (!userData.containsKey(CRC)) {
      return null;
    }
    try {
      return new ShardCommit(
          Long.parseLong(userData.get(FIRST)),
          Long.parseLong(userData.get(END)),
          Long.parseLong(userData.get(TOKENS)),
          Long.parseLong(userData.get(CRC)));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
