package org.stepindex.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;
import org.stepindex.indexer.store.HashedTermStats;
import org.stepindex.indexer.store.IndexLayout;
import org.stepindex.indexer.store.TermStatsTable;

/**
 * Reads the index's {@link TermStatsTable}: a term's docFreq and totalTermFreq in every shard from
 * one seek, for the shards whose own index and side indexes the table copies exactly (same Lucene
 * commits); the others are counted from their own files by the caller. Opened once with the index;
 * thread-safe.
 */
final class TermStats implements AutoCloseable {
  private final FSDirectory directory;
  private final DirectoryReader reader;

  /**
   * Per leaf of the table, each document's shard (its position in the index's shard list) for a
   * document of totalTermFreqs, {@code −2 − shard} for one of docFreqs, or −1 if not used.
   */
  private final int[][] shardOfDoc;

  private final boolean[] covered;
  private final int coveredCount;

  /** The fields whose statistics are read {@linkplain HashedTermStats by hash}, when current. */
  private final Map<String, HashedTermStats> hashed;

  private TermStats(
      FSDirectory directory,
      DirectoryReader reader,
      int[][] shardOfDoc,
      boolean[] covered,
      Map<String, HashedTermStats> hashed) {
    this.directory = directory;
    this.reader = reader;
    this.shardOfDoc = shardOfDoc;
    this.covered = covered;
    this.hashed = hashed;
    int count = 0;
    for (boolean c : covered) {
      count += c ? 1 : 0;
    }
    this.coveredCount = count;
  }

  /**
   * The outcome of opening the table: the table (null when it is not used) and, when there is
   * something to say about it, the one warning line, worded for the index directory as the caller
   * names it.
   */
  record Opening(TermStats table, Function<Path, String> notice) {}

  /**
   * Opens the table of the index in {@code indexDir} for its shards as opened, or returns null when
   * there is none, it covers no shard, or it does not open (it is derived data: the shards are
   * counted from their own files then).
   *
   * @param indexDir the index directory
   * @param sources per shard, in the index's order, the key and identity of each of its sources
   *     (its own index and the side indexes joined to it)
   * @param warnings where a table that does not open is reported
   */
  static TermStats open(
      Path indexDir, List<Map<String, String>> sources, Consumer<String> warnings) {
    Opening opening = tryOpen(indexDir, sources);
    if (opening.notice() != null) {
      warnings.accept(opening.notice().apply(indexDir));
    }
    return opening.table();
  }

  /** {@link #open}, saying nothing: what there is to say is returned with the table. */
  static Opening tryOpen(Path indexDir, List<Map<String, String>> sources) {
    Path tableDir = IndexLayout.of(indexDir).stats();
    if (!Files.isDirectory(tableDir)) {
      return new Opening(null, null);
    }
    FSDirectory directory = null;
    DirectoryReader reader = null;
    try {
      directory = FSDirectory.open(tableDir);
      reader = DirectoryReader.open(directory);
      if (!TermStatsTable.isCurrentFormat(reader)) {
        IOUtils.close(reader, directory);
        return new Opening(
            null,
            dir ->
                "the term statistics table of "
                    + dir
                    + " is of an older layout; counting"
                    + " shard by shard until the next stepindex index command, or stepindex verify --index "
                    + dir
                    + " --repair, writes it anew");
      }
      Map<String, Integer> shardOfKey = new HashMap<>();
      for (int shard = 0; shard < sources.size(); shard++) {
        for (String key : sources.get(shard).keySet()) {
          shardOfKey.put(key, shard);
        }
      }
      // A shard is covered when every one of its sources is in the table with the identity opened
      // here.
      TermStatsTable.Copy[][] copies = TermStatsTable.copies(reader);
      Map<String, String> held = new HashMap<>();
      for (TermStatsTable.Copy[] leaf : copies) {
        for (TermStatsTable.Copy copy : leaf) {
          if (copy != null) {
            held.put(copy.key(), copy.identity());
          }
        }
      }
      boolean[] covered = new boolean[sources.size()];
      boolean any = false;
      for (int shard = 0; shard < covered.length; shard++) {
        covered[shard] = true;
        for (Map.Entry<String, String> source : sources.get(shard).entrySet()) {
          covered[shard] &= source.getValue().equals(held.get(source.getKey()));
        }
        any |= covered[shard];
      }
      if (!any) {
        IOUtils.close(reader, directory);
        return new Opening(null, null);
      }
      int[][] shardOfDoc = new int[copies.length][];
      for (int l = 0; l < copies.length; l++) {
        shardOfDoc[l] = new int[copies[l].length];
        for (int doc = 0; doc < shardOfDoc[l].length; doc++) {
          Integer shard = copies[l][doc] == null ? null : shardOfKey.get(copies[l][doc].key());
          // One int says both: the shard for totalTermFreqs, −2 − shard for docFreqs, −1 for
          // neither.
          shardOfDoc[l][doc] =
              shard == null || !covered[shard]
                  ? -1
                  : copies[l][doc].docFreqs() ? -2 - shard : shard;
        }
      }
      Map<String, HashedTermStats> hashed = new HashMap<>();
      for (String field : TermStatsTable.HASHED_FIELDS) {
        HashedTermStats file = HashedTermStats.open(tableDir, field, reader);
        if (file != null) {
          hashed.put(field, file);
        }
      }
      return new Opening(new TermStats(directory, reader, shardOfDoc, covered, hashed), null);
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(reader, directory);
      return new Opening(
          null,
          dir ->
              "the term statistics table of "
                  + dir
                  + " does not open ("
                  + e.getMessage()
                  + "); counting shard by shard. Run stepindex verify --index "
                  + dir
                  + " --repair to rebuild it");
    }
  }

  /** Whether the table holds shard {@code shard}'s statistics. */
  boolean covers(int shard) {
    return covered[shard];
  }

  /** How many of the index's shards the table holds. */
  int coveredShards() {
    return coveredCount;
  }

  /**
   * The term's statistics in every covered shard (zero where it does not occur); entries of shards
   * not covered are null.
   */
  Count[] lookup(Term term) {
    long[] docFreq = new long[covered.length];
    long[] termFreq = new long[covered.length];
    try {
      HashedTermStats file = hashed.get(term.field());
      if (file != null) {
        // The one segment the file was made from: its documents are the table's.
        int[] shards = shardOfDoc[0];
        try {
          file.postings(term.bytes(), (doc, freq) -> add(shards[doc], freq, docFreq, termFreq));
          return counts(docFreq, termFreq);
        } catch (IOException e) {
          // A file that does not read (damaged, or its channel closed under a reader that was
          // interrupted) costs speed, never the answer: the table's own lookup is exact. verify
          // reports a damaged one.
          Arrays.fill(docFreq, 0);
          Arrays.fill(termFreq, 0);
        }
      }
      List<LeafReaderContext> leaves = reader.leaves();
      for (int l = 0; l < leaves.size(); l++) {
        Terms terms = leaves.get(l).reader().terms(TermStatsTable.FIELD_PREFIX + term.field());
        if (terms == null) {
          continue;
        }
        TermsEnum termsEnum = terms.iterator();
        if (!termsEnum.seekExact(term.bytes())) {
          continue;
        }
        PostingsEnum postings = termsEnum.postings(null, PostingsEnum.FREQS);
        for (int doc = postings.nextDoc();
            doc != DocIdSetIterator.NO_MORE_DOCS;
            doc = postings.nextDoc()) {
          add(shardOfDoc[l][doc], postings.freq(), docFreq, termFreq);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counts(docFreq, termFreq);
  }

  /** Adds one document's frequency of the table to the statistics of the shard it copies. */
  private static void add(int shard, int freq, long[] docFreq, long[] termFreq) {
    if (shard >= 0) {
      termFreq[shard] += freq;
    } else if (shard < -1) {
      docFreq[-2 - shard] += freq;
    }
  }

  private Count[] counts(long[] docFreq, long[] termFreq) {
    Count[] counts = new Count[covered.length];
    for (int shard = 0; shard < counts.length; shard++) {
      if (covered[shard]) {
        // The table leaves a docFreq out where it equals the totalTermFreq (a docFreq is never 0
        // where a term occurs).
        counts[shard] =
            new Count(docFreq[shard] == 0 ? termFreq[shard] : docFreq[shard], termFreq[shard]);
      }
    }
    return counts;
  }

  /** Whether lookups of {@code field} read its {@linkplain HashedTermStats hashed statistics}. */
  boolean readsHashed(String field) {
    return hashed.containsKey(field);
  }

  @Override
  public void close() throws IOException {
    IOUtils.close(hashed.values());
    IOUtils.close(reader, directory);
  }
}
