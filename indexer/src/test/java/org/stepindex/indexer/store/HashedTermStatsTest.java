package org.stepindex.indexer.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hashed file of one field of a real Lucene index against that index: every term's postings
 * read by hash equal those of Lucene's own terms index, a term the field lacks is not found, the
 * file is the same byte for byte however many partitions wrote it, and it is used only with the
 * commit it was made from.
 */
class HashedTermStatsTest {
  private static final String FIELD = "pairs";

  @TempDir Path tmp;

  /** 400 documents of words drawn from 40,000 (skewed, so frequencies vary), one segment. */
  private static void index(IndexWriter writer, Random random, int documents) throws IOException {
    for (int d = 0; d < documents; d++) {
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 200; w++) {
        int word = (int) Math.floor(Math.pow(random.nextDouble(), 3) * 40_000);
        text.append('w').append(word).append(' ');
      }
      Document document = new Document();
      document.add(
          new TextField(TermStatsTable.FIELD_PREFIX + FIELD, text.toString(), Field.Store.NO));
      writer.addDocument(document);
    }
    writer.forceMerge(1);
    writer.commit();
  }

  @Test
  void everyTermReadByHashHasItsLucenePostingsWhateverThePartitions() throws IOException {
    Path tableDir = Files.createDirectories(tmp.resolve("table"));
    try (FSDirectory directory = FSDirectory.open(tableDir);
        IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
      index(writer, new Random(7), 400);
      try (DirectoryReader table = DirectoryReader.open(directory)) {
        assertFalse(HashedTermStats.write(tableDir, "absent", table), "no such field, no file");
        assertFalse(Files.exists(tableDir.resolve(HashedTermStats.fileName("absent"))));
        assertEquals(
            "its hashed pairs statistics are missing",
            HashedTermStats.problem(tableDir, FIELD, table));
        // What a killed write leaves: its partitions and its unfinished file.
        Path parts = Files.createDirectories(tableDir.resolve(".hashed-parts123"));
        Files.writeString(parts.resolve("0"), "records");
        Path unfinished = Files.writeString(tableDir.resolve(".hashed-pairs.stats.99.tmp"), "half");
        assertTrue(HashedTermStats.write(tableDir, FIELD, table));
        assertFalse(Files.exists(parts), "a write removes the debris of a killed one");
        assertFalse(Files.exists(unfinished));
        assertFalse(HashedTermStats.write(tableDir, FIELD, table), "already made from this commit");
        assertNull(HashedTermStats.problem(tableDir, FIELD, table));
        byte[] file = Files.readAllBytes(tableDir.resolve(HashedTermStats.fileName(FIELD)));
        for (int partitionBits : new int[] {0, 3, 8}) {
          Path other = Files.createFile(tmp.resolve("partitions-" + partitionBits));
          HashedTermStats.writeTo(other, table, FIELD, partitionBits);
          assertArrayEquals(file, Files.readAllBytes(other), partitionBits + " partition bits");
        }

        int checked = 0;
        try (HashedTermStats hashed = HashedTermStats.open(tableDir, FIELD, table)) {
          assertNotNull(hashed);
          TermsEnum terms =
              table
                  .leaves()
                  .getFirst()
                  .reader()
                  .terms(TermStatsTable.FIELD_PREFIX + FIELD)
                  .iterator();
          PostingsEnum postings = null;
          for (BytesRef term = terms.next(); term != null; term = terms.next()) {
            List<Integer> expected = new ArrayList<>();
            postings = terms.postings(postings, PostingsEnum.FREQS);
            for (int doc = postings.nextDoc();
                doc != DocIdSetIterator.NO_MORE_DOCS;
                doc = postings.nextDoc()) {
              expected.add(doc);
              expected.add(postings.freq());
            }
            List<Integer> read = new ArrayList<>();
            assertTrue(
                hashed.postings(
                    term,
                    (doc, freq) -> {
                      read.add(doc);
                      read.add(freq);
                    }),
                term.utf8ToString());
            assertEquals(expected, read, term.utf8ToString());
            checked++;
          }
          for (String absent : new String[] {"", "w40000", "x1", "w1 w2"}) {
            assertFalse(
                hashed.postings(
                    new BytesRef(absent),
                    (doc, freq) -> {
                      throw new AssertionError(absent);
                    }),
                absent);
          }
        }
        // About four terms a bucket: most lookups pass over other terms of their bucket.
        assertTrue(checked > 10_000, "checked " + checked + " terms");
      }

      // Another commit: the file is not used with it, verify would say why, and a write replaces
      // it.
      index(writer, new Random(8), 1);
      try (DirectoryReader table = DirectoryReader.open(directory)) {
        assertNull(HashedTermStats.open(tableDir, FIELD, table));
        assertEquals(
            "its hashed pairs statistics were made from another commit of the table",
            HashedTermStats.problem(tableDir, FIELD, table));
        assertTrue(HashedTermStats.write(tableDir, FIELD, table));
        try (HashedTermStats hashed = HashedTermStats.open(tableDir, FIELD, table)) {
          assertNotNull(hashed);
        }
      }
    }
  }

  @Test
  void aBucketHoldsAboutFourTerms() {
    assertEquals(0, HashedTermStats.bucketBits(0));
    assertEquals(0, HashedTermStats.bucketBits(4));
    assertEquals(1, HashedTermStats.bucketBits(5));
    assertEquals(20, HashedTermStats.bucketBits(4L << 20));
    assertEquals(30, HashedTermStats.bucketBits(Long.MAX_VALUE), "capped: buckets grow instead");
  }
}
