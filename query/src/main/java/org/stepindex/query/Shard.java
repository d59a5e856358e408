package org.stepindex.query;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.CompositeReader;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.ParallelCompositeReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;
import org.stepindex.indexer.store.IndexLayout;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;
import org.stepindex.indexer.store.TermStatsTable;

/**
 * One shard, open for reading: its own Lucene index ({@code reader}) and the side indexes of added
 * views ({@code sides}), which the searcher reads as one index (same doc ids, fields side by side).
 *
 * @param info the shard as the manifest lists it
 * @param dir the shard's directory
 * @param reader the shard's own index
 * @param sides the side indexes of the views added to it
 * @param searcher a searcher over the shard and its side indexes joined
 * @param sources the term statistics table's key and identity of each of its sources (its own
 *     index, each side index)
 */
record Shard(
    ShardInfo info,
    Path dir,
    DirectoryReader reader,
    List<DirectoryReader> sides,
    IndexSearcher searcher,
    Map<String, String> sources)
    implements AutoCloseable {

  /**
   * Opens a shard with the side indexes of the views added to it, read as one index (same sequences
   * in the same order, one segment each, so the side indexes' fields join the shard's docs).
   * Anything that does not open is damage, reported as such; what was opened is closed again.
   * Lucene checks each file's header and footer (so a truncated file is found here) but not its
   * checksum, which would read every byte: that is {@code stepindex verify}'s job.
   */
  static Shard open(Path dir, Manifest manifest, ShardInfo info) {
    IndexLayout paths = IndexLayout.of(dir);
    Path shardDir = paths.shard(info.name());
    List<java.io.Closeable> opened = new ArrayList<>();
    try {
      FSDirectory directory = FSDirectory.open(shardDir);
      opened.add(directory);
      DirectoryReader reader = DirectoryReader.open(directory);
      opened.add(reader);
      if (reader.maxDoc() != info.sequences()) {
        throw new CorruptIndexException(
            "holds " + reader.maxDoc() + " sequences, not " + info.sequences(),
            shardDir.toString());
      }
      List<DirectoryReader> sides = new ArrayList<>();
      Map<String, String> sources = new LinkedHashMap<>();
      sources.put(TermStatsTable.key(info.name()), TermStatsTable.identity(reader));
      for (Manifest.AddedView view : manifest.addedViews()) {
        if (view.shards().contains(info.name())) {
          FSDirectory sideDirectory = FSDirectory.open(paths.sideIndex(view.name(), info.name()));
          opened.add(sideDirectory);
          DirectoryReader side = DirectoryReader.open(sideDirectory);
          opened.add(side);
          sides.add(side);
          sources.put(TermStatsTable.key(info.name(), view.name()), TermStatsTable.identity(side));
        }
      }
      IndexReader combined = reader;
      if (!sides.isEmpty()) {
        List<CompositeReader> all = new ArrayList<>();
        all.add(reader);
        all.addAll(sides);
        combined = new ParallelCompositeReader(false, all.toArray(CompositeReader[]::new));
      }
      IndexSearcher searcher = new IndexSearcher(combined);
      searcher.setQueryCache(null);
      return new Shard(info, shardDir, reader, List.copyOf(sides), searcher, Map.copyOf(sources));
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(opened);
      throw ShardSet.damaged(dir, info);
    }
  }

  int docs() {
    return (int) info.sequences();
  }

  List<DirectoryReader> all() {
    List<DirectoryReader> all = new ArrayList<>(sides);
    all.addFirst(reader);
    return all;
  }

  /** Closes the shard's readers and directories. */
  @Override
  public void close() {
    IndexReader top = searcher.getIndexReader();
    if (top != reader) {
      // The parallel reader that joins the side indexes holds a reference to each (it was made with
      // closeSubReaders false): until it is closed, closing them only drops our reference and every
      // file of the
      // shard stays mapped, a leak of memory mappings per open that ends in "Map failed".
      try {
        top.close();
      } catch (IOException e) {
        // closing read-only files: nothing to recover
      }
    }
    for (DirectoryReader r : all()) {
      try {
        r.close();
        r.directory().close();
      } catch (IOException e) {
        // closing read-only files: nothing to recover
      }
    }
  }
}
