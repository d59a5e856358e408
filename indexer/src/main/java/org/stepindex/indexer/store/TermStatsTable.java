package org.stepindex.indexer.store;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.BytesTermAttribute;
import org.apache.lucene.analysis.tokenattributes.TermFrequencyAttribute;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StandardDirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.BytesRefArray;
import org.apache.lucene.util.BytesRefBuilder;
import org.apache.lucene.util.Counter;
import org.apache.lucene.util.StringHelper;
import org.stepindex.indexer.base.LockFile;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.views.BigramsView;
import org.stepindex.indexer.views.CountingFieldType;

/**
 * The index's term statistics in one place: for every term of every field of every shard (and of
 * every added view's side index), its docFreq and totalTermFreq in that shard, so that a term's
 * count at a checkpoint is one seek here whatever the number of shards (the Pile has 154), instead
 * of one seek per shard.
 *
 * <p>It is a Lucene index under {@code DIR/stats/}. Each term of field {@code F} of a source (a
 * shard's own index, or a view's side index of it) is indexed under {@code s/F} twice: in a
 * document of that source's totalTermFreqs, with its totalTermFreq as (custom) term frequency, and
 * in a document of its docFreqs, with its docFreq, unless that equals the totalTermFreq (a term
 * that never occurs twice in one sequence: most rare words and nearly every word pair of real text;
 * a reader then takes the totalTermFreq, which makes the table a third smaller on real text). So a
 * term's statistics in every shard are one seek and one postings list of a few hundred entries. A
 * source's terms are copied into pairs of such documents of at most {@value
 * #MAX_TERMS_PER_DOCUMENT} terms, each pair written as it fills, so memory holds one pair whatever
 * the vocabulary. Each document carries, as doc values, the source it copies ({@value #KEY}), its
 * kind ({@value #KIND}) and the source's identity: the id of the Lucene commit it was read from,
 * random per commit, so a shard rebuilt since (or changed in any way) no longer matches and is
 * counted from its own files again. The table is derived data: readers use it only for the shards
 * whose identity matches, and {@link #refresh} brings it in line with the manifest; its commit
 * records its layout ({@value #FORMAT_KEY}), and a table of another layout is neither read nor
 * kept, but written anew by the next refresh.
 *
 * <p>A document's term frequencies may not add up past 2^31 (Lucene's limit for a field's length),
 * so a source whose terms add up to more is split over more documents. A refresh that changed
 * anything merges the table to one segment, so a lookup is one seek. A term whose count in one
 * shard exceeds 2^31 − 1 cannot be a term frequency; such a source is left out of the table (and
 * counted from its own files).
 *
 * <p>Each refresh then brings the {@linkplain HashedTermStats hashed statistics} of {@link
 * #HASHED_FIELDS} in line with the table's commit.
 */
public final class TermStatsTable {
  /** The table's directory under the index directory, as {@link IndexLayout#STATS} names it. */
  public static final String DIR = IndexLayout.STATS;

  /**
   * Stored, indexed and doc values: the source a document copies, {@code SHARD} or {@code
   * SHARD/views/VIEW}.
   */
  public static final String KEY = "source";

  /** Stored and doc values: the identity of the source's Lucene commit, see {@link #identity}. */
  public static final String IDENTITY = "identity";

  /** Field prefix of the statistics of a field's terms: {@code s/F} for field {@code F}. */
  public static final String FIELD_PREFIX = "s/";

  /** Doc values: 1 for a document whose term frequencies are docFreqs, 0 for totalTermFreqs. */
  public static final String KIND = "kind";

  /**
   * Commit user data: the layout of the table, so that a table of another layout is rebuilt, never
   * misread.
   */
  public static final String FORMAT_KEY = "stepindex.stats.format";

  /**
   * This layout: one field per indexed field, docFreqs and totalTermFreqs in documents of their
   * own, each source's identity its commit's id (in layout 2, its segments' ids).
   */
  public static final String FORMAT = "3";

  /**
   * The fields whose statistics are also written {@linkplain HashedTermStats addressed by hash}:
   * those whose dictionary grows so fast with the data that a lookup in the table's own terms index
   * costs more the more is indexed. On 500M tokens of real text, {@code bigrams} held 21M distinct
   * word pairs, seven times the 3M of its first 50M, and a 2-word phrase through the table took 2.3
   * times as long; by hash it took as long at both sizes. {@code text} (0.8M words at 50M, 4.7M at
   * 500M) is not: its hashed file would add a fifth to the default views' bytes a token (0.35) for
   * a term's lookup, which grew far less.
   */
  public static final Set<String> HASHED_FIELDS = Set.of(BigramsView.NAME);

  /** Keeps a document's field length far from Lucene's int limit. */
  private static final long MAX_FIELD_LENGTH = 1L << 30;

  /**
   * Bound the terms of one pair of documents, and so the memory for it, whatever a source's
   * vocabulary: the writer indexes a document whole before it can flush, at about 50 bytes a term,
   * so each document of 2^17 terms costs some 7 MB, and the chunk that holds their terms until then
   * another 2–3 MB.
   */
  private static final int MAX_TERMS_PER_DOCUMENT = 1 << 17;

  private static final long MAX_TERM_BYTES_PER_DOCUMENT = 8L << 20;

  /** The codec name in the header of Lucene's segments files. */
  private static final String SEGMENTS_CODEC = "segments";

  /**
   * Fewer, larger flushed segments before the final merge; an eighth of the heap where that is
   * less.
   */
  private static final double RAM_BUFFER_MB =
      Math.min(64, Runtime.getRuntime().maxMemory() / 8.0 / (1 << 20));

  private static final FieldType COUNTED = CountingFieldType.of(IndexOptions.DOCS_AND_FREQS);

  private TermStatsTable() {}

  /** What {@link #refresh} did. */
  public record Refresh(
      int sourcesAdded, int sourcesKept, int sourcesRemoved, int sourcesLeftOut) {}

  /** The key of a shard's own index. */
  public static String key(String shard) {
    return shard;
  }

  /** The key of an added view's side index of a shard. */
  public static String key(String shard, String view) {
    return shard + "/" + IndexLayout.VIEWS + "/" + view;
  }

  /**
   * The identity of the commit a reader reads: the commit's id, which Lucene draws at random for
   * every commit it writes, so a source rebuilt, changed or replaced in any way since has another.
   *
   * @param reader a reader of one shard's, or one side index's, directory, opened on a commit
   * @return the identity, never empty
   */
  public static String identity(DirectoryReader reader) {
    if (!(reader instanceof StandardDirectoryReader commit)) {
      throw new IllegalArgumentException("not a reader of a directory's commit: " + reader);
    }
    return StringHelper.idToString(commit.getSegmentInfos().getId());
  }

  /**
   * {@link #identity(DirectoryReader)} of the latest commit in {@code sourceDir}, read from the
   * header of its segments file alone (no codec, no segment's own files): a query that takes a
   * shard's statistics from the table learns whether the table copies it for the cost of one small
   * read per source, which matters to a short command over hundreds of shards.
   *
   * @param sourceDir a shard's, or one side index's, directory
   * @return the identity a reader of that commit has
   * @throws IOException if the directory holds no commit, or its segments file's header does not
   *     read as one
   */
  public static String identity(Path sourceDir) throws IOException {
    // java.io's listing and stream: a few times cheaper than NIO's in a JVM that has just started.
    String[] files = sourceDir.toFile().list();
    if (files == null) {
      throw new NoSuchFileException(sourceDir.toString(), null, "not a readable directory");
    }
    String segments = SegmentInfos.getLastCommitSegmentsFileName(files);
    if (segments == null) {
      throw new IndexNotFoundException("no commit in " + sourceDir);
    }
    // The header Lucene writes on every segments file: its name, a version, the commit's id, and
    // the generation as a suffix (the same checks SegmentInfos.readCommit begins with).
    String suffix =
        Long.toString(SegmentInfos.generationFromSegmentsFileName(segments), Character.MAX_RADIX);
    byte[] header = new byte[CodecUtil.indexHeaderLength(SEGMENTS_CODEC, suffix)];
    try (InputStream in = new FileInputStream(sourceDir.resolve(segments).toFile())) {
      if (in.readNBytes(header, 0, header.length) < header.length) {
        throw new CorruptIndexException("shorter than its header", segments);
      }
    }
    DataInput input = new ByteArrayDataInput(header);
    CodecUtil.checkHeader(input, SEGMENTS_CODEC, SegmentInfos.VERSION_86, Integer.MAX_VALUE);
    byte[] id = new byte[StringHelper.ID_LENGTH];
    input.readBytes(id, 0, id.length);
    CodecUtil.checkIndexHeaderSuffix(input, suffix);
    return StringHelper.idToString(id);
  }

  /**
   * Brings the table of the index in {@code indexDir} in line with its manifest on disk: copies the
   * statistics of every shard and side index that the table lacks or holds for another commit, and
   * drops what the manifest no longer lists. Writers run it one at a time (an operating-system
   * lock, waited for); readers are never blocked, and see the table before or after, whole.
   *
   * @param indexDir the index directory
   * @return what was done
   * @throws StepIndexException when the table cannot be written
   */
  public static Refresh refresh(Path indexDir) {
    IndexLayout paths = IndexLayout.of(indexDir);
    Path tableDir = paths.stats();
    try {
      Files.createDirectories(tableDir);
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot write the term statistics of " + indexDir + ": " + e.getMessage(), e);
    }
    try (LockFile lock = LockFile.lock(paths.statsLock())) {
      Manifest manifest = Manifest.read(indexDir);
      Map<String, Path> sources = new LinkedHashMap<>();
      for (ShardInfo shard : manifest.shards()) {
        sources.put(key(shard.name()), paths.shard(shard.name()));
      }
      for (Manifest.AddedView view : manifest.addedViews()) {
        for (String shard : view.shards()) {
          sources.put(key(shard, view.name()), paths.sideIndex(view.name(), shard));
        }
      }
      try (FSDirectory directory = FSDirectory.open(tableDir)) {
        // A table of another layout is not read as this one: it is written anew (its sources all
        // added again).
        boolean current =
            DirectoryReader.indexExists(directory)
                && FORMAT.equals(
                    SegmentInfos.readLatestCommit(directory).getUserData().get(FORMAT_KEY));
        IndexWriterConfig config =
            new IndexWriterConfig()
                .setOpenMode(
                    current ? IndexWriterConfig.OpenMode.APPEND : IndexWriterConfig.OpenMode.CREATE)
                .setCommitOnClose(false)
                .setRAMBufferSizeMB(RAM_BUFFER_MB);
        Refresh refresh;
        try (IndexWriter writer = new IndexWriter(directory, config)) {
          refresh = refresh(writer, sources, !current);
        }
        try (DirectoryReader table = DirectoryReader.open(directory)) {
          for (String field : HASHED_FIELDS) {
            HashedTermStats.write(tableDir, field, table);
          }
        }
        return refresh;
      }
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot write the term statistics of " + indexDir + ": " + e.getMessage(), e);
    }
  }

  private static Refresh refresh(IndexWriter writer, Map<String, Path> sources, boolean fresh)
      throws IOException {
    Map<String, String> held = held(writer);
    int added = 0;
    int kept = 0;
    int removed = 0;
    int leftOut = 0;
    for (String key : held.keySet()) {
      if (!sources.containsKey(key)) {
        writer.deleteDocuments(new Term(KEY, key));
        removed++;
      }
    }
    for (Map.Entry<String, Path> source : sources.entrySet()) {
      try (FSDirectory sourceDirectory = FSDirectory.open(source.getValue());
          DirectoryReader reader = DirectoryReader.open(sourceDirectory)) {
        String identity = identity(reader);
        if (identity.equals(held.get(source.getKey()))) {
          kept++;
          continue;
        }
        writer.deleteDocuments(new Term(KEY, source.getKey()));
        if (copy(writer, source.getKey(), identity, reader)) {
          added++;
        } else {
          leftOut++;
        }
      }
    }
    if (added + removed > 0) {
      // One segment, so that a term's statistics are one seek per field: the writer flushes a
      // segment every
      // few sources, and a lookup would otherwise seek in each of them, as many seeks as shards
      // again.
      writer.forceMerge(1);
    }
    if (fresh) {
      // Later commits keep it; a refresh that changes nothing commits nothing, so the table's files
      // stay as they are.
      writer.setLiveCommitData(Map.of(FORMAT_KEY, FORMAT).entrySet());
    }
    writer.commit();
    return new Refresh(added, kept, removed, leftOut);
  }

  /**
   * {@link #refresh}, for the end of a build or an added view: the shards are in place whatever
   * happens here, so a table that cannot be written is a warning on stderr (queries count shard by
   * shard where it is missing), never a reason to undo the build.
   */
  public static void refreshAfterBuild(Path indexDir) {
    try {
      refresh(indexDir);
    } catch (StepIndexException | UncheckedIOException | IllegalArgumentException e) {
      System.err.println(
          "stepindex: warning: "
              + e.getMessage()
              + "; queries count shard by shard until"
              + " stepindex verify --index "
              + indexDir
              + " --repair rebuilds the table");
    }
  }

  /** The sources the table holds now, with their identities. */
  private static Map<String, String> held(IndexWriter writer) throws IOException {
    Map<String, String> held = new HashMap<>();
    try (DirectoryReader reader = DirectoryReader.open(writer)) {
      for (Copy[] leaf : copies(reader)) {
        for (Copy copy : leaf) {
          if (copy != null) {
            held.put(copy.key(), copy.identity());
          }
        }
      }
    }
    return held;
  }

  /**
   * What one document of the table copies.
   *
   * @param key the source, see {@link #key(String)} and {@link #key(String, String)}
   * @param identity the source's identity when it was copied, see {@link #identity}
   * @param docFreqs whether the document's term frequencies are docFreqs (else totalTermFreqs)
   */
  public record Copy(String key, String identity, boolean docFreqs) {}

  /**
   * Whether {@code table} is of this layout ({@link #FORMAT}); a table of another is rebuilt by
   * {@link #refresh}, and read by nobody.
   */
  public static boolean isCurrentFormat(DirectoryReader table) throws IOException {
    return FORMAT.equals(table.getIndexCommit().getUserData().get(FORMAT_KEY));
  }

  /**
   * What each document of the table copies, by leaf of {@code table} and doc id, from its doc
   * values; null for a deleted document. A source's documents of one kind share one {@link Copy}.
   *
   * @param table a reader of a table of the current layout ({@link #isCurrentFormat})
   * @return one array per leaf, {@code maxDoc} long
   * @throws IOException when the doc values cannot be read, or are missing
   */
  public static Copy[][] copies(DirectoryReader table) throws IOException {
    List<LeafReaderContext> leaves = table.leaves();
    Copy[][] copies = new Copy[leaves.size()][];
    for (int l = 0; l < leaves.size(); l++) {
      LeafReader leaf = leaves.get(l).reader();
      Bits live = leaf.getLiveDocs();
      copies[l] = new Copy[leaf.maxDoc()];
      SortedDocValues keys = leaf.getSortedDocValues(KEY);
      SortedDocValues identities = leaf.getSortedDocValues(IDENTITY);
      NumericDocValues kinds = leaf.getNumericDocValues(KIND);
      if (keys == null || identities == null || kinds == null) {
        if (leaf.maxDoc() > 0) {
          throw new IOException(
              "a document of the term statistics table lacks its source's doc values");
        }
        continue;
      }
      Map<Long, Copy> shared = new HashMap<>();
      for (int doc = keys.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = keys.nextDoc()) {
        if ((live == null || live.get(doc))
            && identities.advanceExact(doc)
            && kinds.advanceExact(doc)) {
          int key = keys.ordValue();
          int identity = identities.ordValue();
          boolean docFreqs = kinds.longValue() == 1;
          long ords = ((long) key << 33) | ((long) identity << 1) | (docFreqs ? 1 : 0);
          copies[l][doc] =
              shared.computeIfAbsent(ords, k -> copy(keys, key, identities, identity, docFreqs));
        }
      }
    }
    return copies;
  }

  private static Copy copy(
      SortedDocValues keys, int key, SortedDocValues identities, int identity, boolean docFreqs) {
    try {
      return new Copy(
          keys.lookupOrd(key).utf8ToString(),
          identities.lookupOrd(identity).utf8ToString(),
          docFreqs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds the documents that copy one source's statistics, each as soon as it is full, so that
   * memory holds one document's terms whatever the source's vocabulary. Returns false, with the
   * source's documents deleted again, when a count does not fit a term frequency.
   */
  private static boolean copy(
      IndexWriter writer, String key, String identity, DirectoryReader reader) throws IOException {
    Set<String> fields = new TreeSet<>();
    for (LeafReaderContext leaf : reader.leaves()) {
      for (FieldInfo info : leaf.reader().getFieldInfos()) {
        if (info.getIndexOptions().compareTo(IndexOptions.DOCS_AND_FREQS) >= 0) {
          fields.add(info.name);
        }
      }
    }
    Chunk chunk = new Chunk();
    Document[] current = null; // the totalTermFreqs of a chunk's terms, then their docFreqs
    long length = 0;
    boolean any = false;
    for (String field : fields) {
      Terms all = MultiTerms.getTerms(reader, field);
      if (all == null) {
        continue;
      }
      TermsEnum termsEnum = all.iterator();
      for (BytesRef term = termsEnum.next(); term != null; term = termsEnum.next()) {
        long docFreq = termsEnum.docFreq();
        long termFreq = termsEnum.totalTermFreq();
        if (termFreq > Integer.MAX_VALUE) {
          writer.deleteDocuments(new Term(KEY, key)); // those of this source added so far
          return false;
        }
        if (current != null && (length + termFreq > MAX_FIELD_LENGTH || chunk.isFull())) {
          writer.addDocument(current[0]);
          writer.addDocument(current[1]);
          any = true;
          current = null;
        }
        if (current == null) {
          current = new Document[] {document(key, identity, false), document(key, identity, true)};
          length = 0;
          chunk.clear();
        }
        if (chunk.startsField(field)) {
          current[0].add(new Field(FIELD_PREFIX + field, chunk.stream(false), COUNTED));
          current[1].add(new Field(FIELD_PREFIX + field, chunk.stream(true), COUNTED));
        }
        chunk.add(term, (int) docFreq, (int) termFreq);
        length += termFreq;
      }
    }
    if (current != null) {
      writer.addDocument(current[0]);
      writer.addDocument(current[1]);
    } else if (!any) {
      writer.addDocument(
          document(key, identity, false)); // a source without terms is still known to the table
    }
    return true;
  }

  private static Document document(String key, String identity, boolean docFreqs) {
    Document document = new Document();
    document.add(new NumericDocValuesField(KIND, docFreqs ? 1 : 0));
    document.add(new StringField(KEY, key, Field.Store.YES));
    document.add(new StoredField(IDENTITY, identity));
    document.add(new SortedDocValuesField(KEY, new BytesRef(key)));
    document.add(new SortedDocValuesField(IDENTITY, new BytesRef(identity)));
    return document;
  }

  /**
   * The terms one document copies, field after field, each once with its docFreq and totalTermFreq,
   * held in flat arrays (the terms' bytes once, for both fields of the table), so a document costs
   * its terms' bytes and 8 bytes a term. Cleared and reused for the next document.
   */
  private static final class Chunk {
    private final BytesRefArray terms = new BytesRefArray(Counter.newCounter());
    private int[] docFreqs = new int[1024];
    private int[] termFreqs = new int[1024];
    private int size;
    private long termBytes;

    /** Where each field of the current document starts in the arrays, and its name. */
    private final List<Integer> fieldStarts = new ArrayList<>();

    private String field;

    boolean isFull() {
      return size == MAX_TERMS_PER_DOCUMENT || termBytes >= MAX_TERM_BYTES_PER_DOCUMENT;
    }

    void clear() {
      terms.clear();
      size = 0;
      termBytes = 0;
      fieldStarts.clear();
      field = null;
    }

    /**
     * Whether {@code name} starts a new field of the current document (its two token streams are
     * then due).
     */
    boolean startsField(String name) {
      if (name.equals(field)) {
        return false;
      }
      field = name;
      fieldStarts.add(size);
      return true;
    }

    void add(BytesRef term, int docFreq, int termFreq) {
      if (size == docFreqs.length) {
        docFreqs = Arrays.copyOf(docFreqs, ArrayUtil.oversize(size + 1, Integer.BYTES));
        termFreqs = Arrays.copyOf(termFreqs, docFreqs.length);
      }
      terms.append(term);
      termBytes += term.length;
      docFreqs[size] = docFreq;
      termFreqs[size] = termFreq;
      size++;
    }

    /**
     * The terms of the field started last, with their docFreqs or totalTermFreqs as term
     * frequencies. The stream reads the chunk when the writer indexes the document, by then
     * complete: its range ends where the next field's starts, or at the chunk's end.
     */
    TokenStream stream(boolean docFreq) {
      int index = fieldStarts.size() - 1;
      return new TokenStream() {
        private final BytesTermAttribute termAtt = addAttribute(BytesTermAttribute.class);
        private final TermFrequencyAttribute freqAtt = addAttribute(TermFrequencyAttribute.class);
        private final BytesRefBuilder spare = new BytesRefBuilder();
        private int next;
        private int end;

        @Override
        public void reset() throws IOException {
          super.reset();
          next = fieldStarts.get(index);
          end = index + 1 < fieldStarts.size() ? fieldStarts.get(index + 1) : size;
        }

        @Override
        public boolean incrementToken() {
          while (docFreq && next < end && docFreqs[next] == termFreqs[next]) {
            next++; // its docFreq is its totalTermFreq, which the other field holds
          }
          if (next == end) {
            return false;
          }
          clearAttributes();
          termAtt.setBytesRef(terms.get(spare, next));
          freqAtt.setTermFrequency(docFreq ? docFreqs[next] : termFreqs[next]);
          next++;
          return true;
        }
      };
    }
  }
}
