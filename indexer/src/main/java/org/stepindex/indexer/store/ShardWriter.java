package org.stepindex.indexer.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LogByteSizeMergePolicy;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.store.FSDirectory;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.layout.StepReader;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.SequenceContent;
import org.stepindex.indexer.views.View;
import org.stepindex.indexer.views.Views;

/**
 * Writes one shard: the sequences of a step range, in training order, into a fresh Lucene index. It
 * is the {@link ShardWork} of the index's writers: {@link ShardPipeline} says where, and publishes
 * the result.
 *
 * <p>Doc id order must equal sequence order, because a count at a step inside a shard walks
 * postings up to that step's doc id. One thread adds the documents, merges are serial and
 * log-structured (adjacent segments only), and the shard is force-merged to one segment, so doc
 * {@code d} is sequence {@code firstSequence + d}.
 *
 * <p>Sequences are read through the run's {@link StepReader}, so with an intervention each is
 * indexed as the model trained on the intervened data saw it.
 */
final class ShardWriter implements ShardWork {
  private static final int PROGRESS_EVERY = 256;

  private final StepReader reader;
  private final HfTokenizer tokenizer;
  private final List<View> views;
  private final BuildProgress progress;
  private final double ramBufferMb;

  ShardWriter(
      StepReader reader,
      HfTokenizer tokenizer,
      List<View> views,
      BuildProgress progress,
      double ramBufferMb) {
    this.reader = reader;
    this.tokenizer = tokenizer;
    this.views = views;
    this.progress = progress;
    this.ramBufferMb = ramBufferMb;
  }

  /**
   * The indexing buffer of each of {@code threads} shard writers: 256 MB shared, or a quarter of
   * the heap where that is less (Lucene flushes a segment when its buffer fills, so this, not the
   * vocabulary, bounds a writer's memory), and at least 8 MB each.
   */
  static double ramBufferMb(int threads) {
    double heapMb = Runtime.getRuntime().maxMemory() / (double) (1 << 20);
    return Math.max(8, Math.min(256, heapMb / 4) / Math.max(1, threads));
  }

  /**
   * Indexes the sequences of {@code shard} into {@code dir}, which must be new; returns false if
   * the build was cancelled before the shard was complete (the directory is then garbage for the
   * caller to delete).
   */
  @Override
  public boolean write(ShardInfo shard, Path dir, BooleanSupplier cancelled) throws IOException {
    try (Analyzer analyzer = Views.indexAnalyzer()) {
      return write(shard, dir, cancelled, analyzer);
    }
  }

  private boolean write(ShardInfo shard, Path dir, BooleanSupplier cancelled, Analyzer analyzer)
      throws IOException {
    IndexWriterConfig config =
        new IndexWriterConfig(analyzer)
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
            .setMergePolicy(new LogByteSizeMergePolicy())
            .setMergeScheduler(new SerialMergeScheduler())
            .setRAMBufferSizeMB(ramBufferMb)
            .setCommitOnClose(false);
    int[] ids = new int[reader.layout().seqLength()];
    try (FSDirectory directory = FSDirectory.open(dir);
        IndexWriter writer = new IndexWriter(directory, config)) {
      long pendingSequences = 0;
      long pendingTokens = 0;
      TokenChecksum checksum = new TokenChecksum();
      for (long seq = shard.firstSequence(); seq < shard.endSequence(); seq++) {
        if (cancelled.getAsBoolean()) {
          return false;
        }
        if (reader.size(seq) > ids.length) {
          ids = new int[reader.size(seq)];
        }
        int length = reader.readStored(seq, ids);
        checksum.add(ids, length);
        // The data's own ids are checked, so an error names what is on disk; an intervention maps
        // ids to ids of the
        // same tokenizer.
        checkIds(seq, ids, length);
        reader.intervene(seq, ids, length);
        SequenceContent content = tokenizer.split(ids, length);
        Document doc = new Document();
        for (View view : views) {
          view.addTo(doc, content);
        }
        writer.addDocument(doc);
        pendingSequences++;
        pendingTokens += length;
        if (pendingSequences == PROGRESS_EVERY) {
          progress.advance(pendingSequences, pendingTokens);
          pendingSequences = 0;
          pendingTokens = 0;
        }
      }
      progress.advance(pendingSequences, pendingTokens);
      writer.forceMerge(1);
      writer.setLiveCommitData(ShardCommit.of(shard, checksum.value()).userData().entrySet());
      writer.commit();
    }
    return true;
  }

  private void checkIds(long seq, int[] ids, int length) {
    for (int i = 0; i < length; i++) {
      if (!tokenizer.contains(ids[i])) {
        throw new StepIndexException(
            "token id "
                + ids[i]
                + " at position "
                + i
                + " of sequence "
                + seq
                + " is not in the tokenizer's vocabulary ("
                + tokenizer.vocabSize()
                + " ids in "
                + tokenizer.path()
                + "); is this the tokenizer the data was made with?");
      }
    }
  }
}
