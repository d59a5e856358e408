package org.stepindex.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;
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

  private TermStats(
      FSDirectory directory, DirectoryReader reader, int[][] shardOfDoc, boolean[] covered) {
    this.directory = directory;
    this.reader = reader;
    this.shardOfDoc = shardOfDoc;
    this.covered = covered;
    int count = 0;
    for (boolean c : covered) {
      count += c ? 1 : 0;
    }
    this.coveredCount = count;
  }

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
      Path indexDir,
      List<Map<String, String>> sources,
      java.util.function.Consumer<String> warnings) {
    Path tableDir = IndexLayout.of(indexDir).stats();
    if (!Files.isDirectory(tableDir)) {
      return null;
    }
    FSDirectory directory = null;
    DirectoryReader reader = null;
    try {
      directory = FSDirectory.open(tableDir);
      reader = DirectoryReader.open(directory);
      if (!TermStatsTable.isCurrentFormat(reader)) {
        IOUtils.close(reader, directory);
        warnings.accept(
            "the term statistics table of "
                + indexDir
                + " is of an older layout; counting shard by"
                + " shard until the next stepindex index command, or stepindex verify --index "
                + indexDir
                + " --repair, writes it anew");
        return null;
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
        return null;
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
      return new TermStats(directory, reader, shardOfDoc, covered);
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(reader, directory);
      warnings.accept(
          "the term statistics table of "
              + indexDir
              + " does not open ("
              + e.getMessage()
              + "); counting shard by shard. Run stepindex verify --index "
              + indexDir
              + " --repair to rebuild it");
      return null;
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
          int shard = shardOfDoc[l][doc];
          if (shard >= 0) {
            termFreq[shard] += postings.freq();
          } else if (shard < -1) {
            docFreq[-2 - shard] += postings.freq();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  @Override
  public void close() throws IOException {
    IOUtils.close(reader, directory);
  }
}
