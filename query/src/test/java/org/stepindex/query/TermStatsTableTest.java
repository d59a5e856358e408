package org.stepindex.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.AddViewOptions;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.HashedTermStats;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.indexer.store.IndexLock;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;
import org.stepindex.indexer.store.TermStatsTable;
import org.stepindex.indexer.store.ViewAdder;
import org.stepindex.indexer.views.BigramsView;

/**
 * The term statistics table against the shards themselves: every term of every field of every shard
 * and side index has the docFreq and totalTermFreq that a walk of its postings in that shard
 * counts; counts through the table equal counts shard by shard; a shard rebuilt since the table was
 * written, a table that does not open, and a damaged table (found by {@code verify}, rebuilt by
 * {@code --repair}) all leave the answers exact.
 */
class TermStatsTableTest {
  private static final int BATCH = 16;
  private static final int LENGTH = 64;

  /** 75 steps in shards of 10; 5, 33 and 74 lie inside shards. */
  private static final long SEQUENCES = 1200;

  private static final long[] STEPS = {0, 1, 5, 10, 33, 40, 70, 74, 75};
  private static final List<String> WORDS =
      List.of("the", "of", "galaxy", "quasar", "nebula", "7", "zzzznotaword");

  @TempDir static Path tmp;
  static SyntheticCorpus.Result corpus;
  static Path everyView;
  static Path plain;

  @BeforeAll
  static void build() throws IOException {
    corpus =
        SyntheticCorpus.write(
            tmp.resolve("corpus"), new SynthOptions(SEQUENCES, LENGTH, BATCH, 11));
    everyView = build("every-view", List.of("text", "tokens", "pythia-numbers", "bigrams"));
    Path entities =
        Files.writeString(
            tmp.resolve("entities.tsv"), "E1\tgalaxy\tquasar nebula\nE2\tthe\nE3\tof the\n");
    Path pairs = Files.writeString(tmp.resolve("pairs.tsv"), "E1\tE2\nE2\tE3\n");
    ViewAdder.add(
        new AddViewOptions(everyView, "entities", entities, pairs, null, null, null, 2),
        new BuildProgress());
    plain = build("plain", List.of("text"));
  }

  private static Path build(String name, List<String> views) {
    Path index = tmp.resolve(name);
    IndexBuilder.build(options(index, views), new BuildProgress());
    return index;
  }

  private static BuildOptions options(Path index, List<String> views) {
    return new BuildOptions(
        corpus.dataPrefix(),
        corpus.tokenizer(),
        index,
        new StepLayout(BATCH, LENGTH),
        views,
        "every:10",
        0,
        -1,
        2);
  }

  /** Each shard's sources (its own index, then its side indexes), open, in the manifest's order. */
  private static List<Map<String, DirectoryReader>> openSources(Path index) throws IOException {
    Manifest manifest = Manifest.read(index);
    List<Map<String, DirectoryReader>> shards = new ArrayList<>();
    for (ShardInfo shard : manifest.shards()) {
      Map<String, DirectoryReader> sources = new LinkedHashMap<>();
      sources.put(
          TermStatsTable.key(shard.name()),
          DirectoryReader.open(FSDirectory.open(index.resolve("shards").resolve(shard.name()))));
      for (Manifest.AddedView view : manifest.addedViews()) {
        sources.put(
            TermStatsTable.key(shard.name(), view.name()),
            DirectoryReader.open(
                FSDirectory.open(
                    index
                        .resolve(ViewAdder.VIEWS_DIR)
                        .resolve(view.name())
                        .resolve(shard.name()))));
      }
      shards.add(sources);
    }
    return shards;
  }

  private static void close(List<Map<String, DirectoryReader>> shards) throws IOException {
    for (Map<String, DirectoryReader> sources : shards) {
      for (DirectoryReader reader : sources.values()) {
        reader.close();
        reader.directory().close();
      }
    }
  }

  /**
   * A term's sequences and occurrences in one reader, by walking its postings (not from its
   * statistics).
   */
  private static Count walk(DirectoryReader reader, Term term) throws IOException {
    long docs = 0;
    long occurrences = 0;
    for (LeafReaderContext leaf : reader.leaves()) {
      PostingsEnum postings = leaf.reader().postings(term, PostingsEnum.FREQS);
      if (postings == null) {
        continue;
      }
      for (int doc = postings.nextDoc();
          doc != DocIdSetIterator.NO_MORE_DOCS;
          doc = postings.nextDoc()) {
        docs++;
        occurrences += postings.freq();
      }
    }
    return new Count(docs, occurrences);
  }

  @Test
  void theTableHoldsEveryTermOfEveryFieldAsItsPostingsCountIt() throws IOException {
    List<Map<String, DirectoryReader>> shards = openSources(everyView);
    List<Map<String, String>> identities = new ArrayList<>();
    for (Map<String, DirectoryReader> sources : shards) {
      Map<String, String> ids = new LinkedHashMap<>();
      sources.forEach((key, reader) -> ids.put(key, TermStatsTable.identity(reader)));
      identities.add(ids);
    }
    try (TermStats table =
        TermStats.open(
            everyView,
            identities,
            warning -> {
              throw new AssertionError(warning);
            })) {
      assertNotNull(table);
      assertEquals(shards.size(), table.coveredShards());
      assertTrue(table.readsHashed(BigramsView.NAME), "each bigram below is read by hash");
      try (FSDirectory directory = FSDirectory.open(everyView.resolve(TermStatsTable.DIR));
          DirectoryReader whole = DirectoryReader.open(directory)) {
        assertEquals(
            1, whole.leaves().size(), "one segment: a term's statistics are one seek per field");
      }
      int checked = 0;
      List<String> fields = new ArrayList<>();
      for (int shard = 0; shard < shards.size(); shard++) {
        for (DirectoryReader reader : shards.get(shard).values()) {
          for (LeafReaderContext leaf : reader.leaves()) {
            for (FieldInfo field : leaf.reader().getFieldInfos()) {
              if (field.getIndexOptions() == IndexOptions.NONE) {
                continue;
              }
              if (!fields.contains(field.name)) {
                fields.add(field.name);
              }
              Terms terms = leaf.reader().terms(field.name);
              TermsEnum termsEnum = terms.iterator();
              for (BytesRef bytes = termsEnum.next(); bytes != null; bytes = termsEnum.next()) {
                Term term = new Term(field.name, BytesRef.deepCopyOf(bytes));
                Count[] fromTable = table.lookup(term);
                assertEquals(walk(reader, term), fromTable[shard], term + " in shard " + shard);
                checked++;
              }
            }
          }
        }
      }
      assertTrue(
          fields.containsAll(List.of("text", "tokens", "bigrams", "entities", "entity-pairs")),
          fields::toString);
      assertTrue(checked > 10_000, "checked " + checked + " terms");
      Count[] absent = table.lookup(new Term("text", "zzzznotaword"));
      for (Count count : absent) {
        assertEquals(Count.ZERO, count);
      }
    } finally {
      close(shards);
    }
  }

  @Test
  void countsThroughTheTableEqualCountsShardByShard() {
    try (FrequencyIndex withTable = FrequencyIndex.open(everyView);
        FrequencyIndex shardByShard = FrequencyIndex.openShardByShard(everyView)) {
      int shards = withTable.manifest().shards().size();
      assertEquals(shards, withTable.shardsInTermStatsTable());
      assertEquals(0, shardByShard.shardsInTermStatsTable());
      assertSameCounts(withTable, shardByShard, "text", WORDS);
      assertSameCounts(withTable, shardByShard, "entities", List.of("E1", "E2", "E3"));
      for (String[] pair : new String[][] {{"E1", "E2"}, {"E2", "E3"}, {"E1", "E3"}}) {
        for (long step : STEPS) {
          assertEquals(
              shardByShard.cooccur("entities", pair[0], pair[1], 0, step),
              withTable.cooccur("entities", pair[0], pair[1], 0, step),
              pair[0] + "&" + pair[1] + " @ " + step);
        }
      }
    }
  }

  private static void assertSameCounts(
      FrequencyIndex a, FrequencyIndex b, String view, List<String> queries) {
    for (String q : queries) {
      for (long step : STEPS) {
        assertEquals(
            b.countAt(b.compile(view, q), step),
            a.countAt(a.compile(view, q), step),
            q + " @ " + step);
      }
      assertEquals(
          b.countRange(b.compile(view, q), 5, 33),
          a.countRange(a.compile(view, q), 5, 33),
          q + " in 5:33");
      assertArrayEquals(
          b.timeline(b.compile(view, q), STEPS), a.timeline(a.compile(view, q), STEPS), q);
    }
  }

  @Test
  void aShardRebuiltSinceTheTableWasWrittenIsCountedFromItsOwnFiles() throws IOException {
    Path index = TestFiles.copyTree(plain, tmp.resolve("rebuilt"));
    Path oldTable = TestFiles.copyTree(index.resolve(TermStatsTable.DIR), tmp.resolve("old-table"));
    String rebuilt = Manifest.read(index).shards().get(2).name();
    IndexLock.update(
        index,
        m -> m.withShards(m.shards().stream().filter(s -> !s.name().equals(rebuilt)).toList()));
    AtomicFiles.deleteTree(index.resolve("shards").resolve(rebuilt));
    IndexBuilder.build(options(index, List.of("text")), new BuildProgress());
    AtomicFiles.deleteTree(index.resolve(TermStatsTable.DIR));
    TestFiles.copyTree(oldTable, index.resolve(TermStatsTable.DIR));
    int shards = Manifest.read(index).shards().size();
    try (FrequencyIndex withTable = FrequencyIndex.open(index);
        FrequencyIndex shardByShard = FrequencyIndex.openShardByShard(index)) {
      assertEquals(
          shards - 1,
          withTable.shardsInTermStatsTable(),
          "the rebuilt shard is not the one in the table");
      assertSameCounts(withTable, shardByShard, "text", WORDS);
    }
    TermStatsTable.Refresh refresh = TermStatsTable.refresh(index);
    assertEquals(new TermStatsTable.Refresh(1, shards - 1, 0, 0), refresh);
    try (FrequencyIndex withTable = FrequencyIndex.open(index)) {
      assertEquals(shards, withTable.shardsInTermStatsTable());
    }
  }

  /**
   * A table of an older layout (fields {@code df/F} and {@code tf/F}, no layout in its commit) is
   * never read as this one, even where its sources' identities match: one warning, counts shard by
   * shard; verify finds it, and its repair writes it anew. Its one document claims 999 occurrences
   * of "the" in the first shard, so reading it would show.
   */
  @Test
  void aTableOfAnOlderLayoutIsNotReadAndTheNextRefreshWritesItAnew() throws IOException {
    Path index = TestFiles.copyTree(plain, tmp.resolve("older-layout"));
    String first = Manifest.read(index).shards().getFirst().name();
    String identity;
    try (FSDirectory shard = FSDirectory.open(index.resolve("shards").resolve(first));
        DirectoryReader reader = DirectoryReader.open(shard)) {
      identity = TermStatsTable.identity(reader);
    }
    AtomicFiles.deleteTree(index.resolve(TermStatsTable.DIR));
    try (FSDirectory table = FSDirectory.open(index.resolve(TermStatsTable.DIR));
        IndexWriter writer = new IndexWriter(table, new IndexWriterConfig())) {
      Document old = new Document();
      old.add(new StringField(TermStatsTable.KEY, TermStatsTable.key(first), Field.Store.YES));
      old.add(new StoredField(TermStatsTable.IDENTITY, identity));
      old.add(
          new SortedDocValuesField(TermStatsTable.KEY, new BytesRef(TermStatsTable.key(first))));
      old.add(new SortedDocValuesField(TermStatsTable.IDENTITY, new BytesRef(identity)));
      old.add(new NumericDocValuesField(TermStatsTable.KIND, 0));
      old.add(new StringField("tf/text", "the", Field.Store.NO));
      old.add(new StringField(TermStatsTable.FIELD_PREFIX + "text", "the", Field.Store.NO));
      writer.addDocument(old);
      writer.commit();
    }
    String warning = assertCountedShardByShardWithOneWarning(index);
    assertTrue(warning.contains("is of an older layout"), warning);
    // The warning names verify --repair: verify finds the table, and the repair writes it anew.
    Verifier.Report report = new Verifier(index, null, false, done -> {}).verify();
    assertEquals(1, report.problems().size(), report.problems()::toString);
    assertEquals(Verifier.Kind.STATS, report.problems().getFirst().kind());
    assertTrue(
        report.problems().getFirst().line().contains("is of an older stepindex's layout"),
        report.problems().getFirst().line());
    assertEquals(
        List.of("rebuilt the term statistics table from the shards"),
        new Verifier(index, null, false, done -> {}).repair(report));
    assertTrue(new Verifier(index, null, false, done -> {}).verify().clean());
    int shards = Manifest.read(index).shards().size();
    assertEquals(new TermStatsTable.Refresh(0, shards, 0, 0), TermStatsTable.refresh(index));
    try (FrequencyIndex withTable = FrequencyIndex.open(index);
        FrequencyIndex shardByShard = FrequencyIndex.openShardByShard(plain)) {
      assertEquals(shards, withTable.shardsInTermStatsTable());
      assertSameCounts(withTable, shardByShard, "text", WORDS);
    }
  }

  /**
   * A source's identity read from its segments file's header alone is the id of the commit that
   * Lucene's own full read of the commit finds, and what a reader of it reports; a new commit of
   * the same source is another identity; a directory with no commit, or a segments file cut short
   * in its header, is an error, never an identity.
   */
  @Test
  void aSourcesIdentityFromItsSegmentsFileIsItsCommitsId() throws IOException {
    List<Map<String, DirectoryReader>> shards = openSources(everyView);
    try {
      int sources = 0;
      for (Map<String, DirectoryReader> shard : shards) {
        for (DirectoryReader reader : shard.values()) {
          Path dir = ((FSDirectory) reader.directory()).getDirectory();
          String fromHeader = TermStatsTable.identity(dir);
          assertEquals(
              StringHelper.idToString(SegmentInfos.readLatestCommit(reader.directory()).getId()),
              fromHeader);
          assertEquals(TermStatsTable.identity(reader), fromHeader);
          sources++;
        }
      }
      assertTrue(sources > shards.size(), "the index has side indexes: " + sources);
    } finally {
      close(shards);
    }

    Path index = TestFiles.copyTree(plain, tmp.resolve("identities"));
    Path shard = index.resolve("shards").resolve(Manifest.read(index).shards().getFirst().name());
    String before = TermStatsTable.identity(shard);
    try (FSDirectory directory = FSDirectory.open(shard);
        IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
      writer.setLiveCommitData(Map.of("touched", "yes").entrySet());
      writer.commit(); // no document changes: a new commit of the same segments
    }
    String after = TermStatsTable.identity(shard);
    assertFalse(before.equals(after), before);
    try (FSDirectory directory = FSDirectory.open(shard)) {
      assertEquals(
          StringHelper.idToString(SegmentInfos.readLatestCommit(directory).getId()), after);
    }

    Path empty = Files.createDirectories(tmp.resolve("no-commit"));
    assertThrows(IOException.class, () -> TermStatsTable.identity(empty));
    Path segments;
    try (Stream<Path> files = Files.list(shard)) {
      segments =
          files.filter(f -> f.getFileName().toString().startsWith("segments_")).findFirst().get();
    }
    try (RandomAccessFile f = new RandomAccessFile(segments.toFile(), "rw")) {
      f.setLength(20); // inside the header, before the commit's id ends
    }
    assertThrows(IOException.class, () -> TermStatsTable.identity(shard));
  }

  @Test
  void aTableThatDoesNotOpenIsOneWarningAndTheCountsStayExact() throws IOException {
    Path index = TestFiles.copyTree(plain, tmp.resolve("unopenable"));
    try (Stream<Path> files = Files.list(index.resolve(TermStatsTable.DIR))) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().startsWith("segments_")).toList()) {
        truncate(file);
      }
    }
    String warning = assertCountedShardByShardWithOneWarning(index);
    assertTrue(
        warning.startsWith("the term statistics table of " + index + " does not open"), warning);
  }

  /**
   * Opens a copy of {@code plain} whose table is not used: no shard from it, exact counts, one
   * warning (returned).
   */
  private static String assertCountedShardByShardWithOneWarning(Path index) {
    List<String> warnings = new ArrayList<>();
    try (FrequencyIndex withTable = FrequencyIndex.open(index, warnings::add);
        FrequencyIndex shardByShard = FrequencyIndex.openShardByShard(plain)) {
      assertEquals(0, withTable.shardsInTermStatsTable());
      assertSameCounts(withTable, shardByShard, "text", WORDS);
    }
    assertEquals(1, warnings.size(), warnings::toString);
    return warnings.getFirst();
  }

  @Test
  void aDamagedTableIsFoundByVerifyAndRebuiltByRepair() throws IOException {
    Path index = TestFiles.copyTree(plain, tmp.resolve("damaged"));
    Path postings;
    try (Stream<Path> files = Files.list(index.resolve(TermStatsTable.DIR))) {
      // The largest file of the table (its postings, or the compound file holding them).
      postings =
          files
              .filter(f -> f.getFileName().toString().startsWith("_"))
              .max(java.util.Comparator.comparingLong(f -> f.toFile().length()))
              .orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(postings);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(postings, bytes);

    Verifier.Report report = new Verifier(index, null, false, done -> {}).verify();
    assertFalse(report.clean());
    assertEquals(1, report.problems().size(), report.problems()::toString);
    Verifier.Problem problem = report.problems().getFirst();
    assertEquals(Verifier.Kind.STATS, problem.kind());
    assertTrue(
        problem.line().startsWith("stats: the term statistics table fails Lucene's check: "),
        problem.line());
    assertTrue(
        report
            .summary()
            .contains(
                "1 problem (0 damaged shards, 0 damaged match caches, a term statistics table to rebuild)"),
        report.summary());

    List<String> done = new Verifier(index, null, false, d -> {}).repair(report);
    assertEquals(List.of("rebuilt the term statistics table from the shards"), done);
    assertTrue(new Verifier(index, null, false, d -> {}).verify().clean());
    try (FrequencyIndex withTable = FrequencyIndex.open(index);
        FrequencyIndex shardByShard = FrequencyIndex.openShardByShard(plain)) {
      assertEquals(withTable.manifest().shards().size(), withTable.shardsInTermStatsTable());
      assertSameCounts(withTable, shardByShard, "text", WORDS);
    }
  }

  /**
   * The refresh that built the index wrote the hashed {@code bigrams} statistics for the table's
   * commit, and counts read them ({@link #theTableHoldsEveryTermOfEveryFieldAsItsPostingsCountIt}
   * checks every bigram through them; {@code HashedTermStatsTest} checks the file against Lucene's
   * postings term by term).
   */
  @Test
  void theRefreshWritesTheHashedBigramStatisticsAndCountsReadThem() throws IOException {
    assertEquals(Set.of(BigramsView.NAME), TermStatsTable.HASHED_FIELDS);
    Path tableDir = everyView.resolve(TermStatsTable.DIR);
    try (FSDirectory directory = FSDirectory.open(tableDir);
        DirectoryReader table = DirectoryReader.open(directory)) {
      assertNull(HashedTermStats.problem(tableDir, BigramsView.NAME, table));
    }
    try (FrequencyIndex index = FrequencyIndex.open(everyView)) {
      assertTrue(index.readsHashedStatistics(BigramsView.NAME));
      assertFalse(index.readsHashedStatistics("text"));
    }
  }

  /**
   * Hashed statistics of another commit of the table, cut short, damaged or missing: queries take
   * the table's own lookup (exact), {@code verify} names what is wrong, and the repair (or, for a
   * missing file, the next refresh, though no shard changed) writes them anew.
   */
  @Test
  void staleDamagedOrMissingHashedStatisticsAreFoundByVerifyAndCountsStayExact()
      throws IOException {
    Path index = TestFiles.copyTree(everyView, tmp.resolve("hashed"));
    Path file = index.resolve(TermStatsTable.DIR).resolve(HashedTermStats.fileName("bigrams"));
    byte[] whole = Files.readAllBytes(file);

    byte[] otherCommit = whole.clone();
    otherCommit[12] ^= 1; // the first byte of the table commit's id, after magic and version
    Files.write(file, otherCommit);
    assertReadFromTheTableAndRepaired(index, "made from another commit of the table", true);

    truncate(file);
    assertReadFromTheTableAndRepaired(index, "bytes, not " + whole.length, true);

    byte[] damaged = Files.readAllBytes(file);
    damaged[damaged.length - 3] ^= 0x5a;
    Files.write(file, damaged);
    Verifier.Report report = new Verifier(index, null, false, done -> {}).verify();
    assertEquals(1, report.problems().size(), report.problems()::toString);
    assertTrue(
        report.problems().getFirst().line().contains("fail their checksum"),
        report.problems().getFirst().line());
    new Verifier(index, null, false, done -> {}).repair(report);
    assertTrue(new Verifier(index, null, false, done -> {}).verify().clean());

    byte[] intact = Files.readAllBytes(file);
    Files.delete(file);
    assertReadFromTheTableAndRepaired(index, "are missing", false);
    assertArrayEquals(intact, Files.readAllBytes(file), "made again from the same commit");
  }

  /**
   * A reader interrupted in a lookup closes the hashed file's channel (Java's rule for file
   * channels) for every thread: the counts stay exact, through the table's own lookup.
   */
  @Test
  void anInterruptedLookupLeavesTheCountsExact() throws IOException {
    List<String> phrases = frequentBigramPhrases(10);
    try (FrequencyIndex withTable = FrequencyIndex.open(everyView);
        FrequencyIndex shardByShard = FrequencyIndex.openShardByShard(everyView)) {
      assertTrue(withTable.readsHashedStatistics(BigramsView.NAME));
      // Everything a count at a shard's end opens is open first: only the lookup meets the
      // interrupt.
      withTable.countAt(withTable.compile("text", phrases.get(1)), 70);
      String first = phrases.getFirst();
      Count expected = shardByShard.countAt(shardByShard.compile("text", first), 70);
      Thread.currentThread().interrupt();
      Count interrupted;
      try {
        interrupted = withTable.countAt(withTable.compile("text", first), 70);
      } finally {
        assertTrue(Thread.interrupted(), "the interrupt is left for its owner to see");
      }
      assertEquals(expected, interrupted);
      assertSameCounts(withTable, shardByShard, "text", phrases);
    }
  }

  /**
   * The hashed file of {@code index} is not read, the counts of phrases through {@code bigrams}
   * stay exact, {@code verify} reports the one problem ending in {@code said}; then either the
   * repair or a refresh that copies no shard makes it read again.
   */
  private static void assertReadFromTheTableAndRepaired(Path index, String said, boolean repair)
      throws IOException {
    List<String> phrases = frequentBigramPhrases(20);
    try (FrequencyIndex withTable = FrequencyIndex.open(index);
        FrequencyIndex shardByShard = FrequencyIndex.openShardByShard(everyView)) {
      assertFalse(withTable.readsHashedStatistics(BigramsView.NAME));
      assertEquals(withTable.manifest().shards().size(), withTable.shardsInTermStatsTable());
      assertSameCounts(withTable, shardByShard, "text", phrases);
    }
    Verifier.Report report = new Verifier(index, null, false, done -> {}).verify();
    assertEquals(1, report.problems().size(), report.problems()::toString);
    Verifier.Problem problem = report.problems().getFirst();
    assertEquals(Verifier.Kind.STATS, problem.kind());
    assertTrue(problem.line().contains(said), problem.line());
    if (repair) {
      new Verifier(index, null, false, done -> {}).repair(report);
    } else {
      int shards = Manifest.read(index).shards().size();
      assertEquals(new TermStatsTable.Refresh(0, 2 * shards, 0, 0), TermStatsTable.refresh(index));
    }
    assertTrue(new Verifier(index, null, false, done -> {}).verify().clean());
    try (FrequencyIndex withTable = FrequencyIndex.open(index);
        FrequencyIndex shardByShard = FrequencyIndex.openShardByShard(everyView)) {
      assertTrue(withTable.readsHashedStatistics(BigramsView.NAME));
      assertSameCounts(withTable, shardByShard, "text", phrases);
    }
  }

  /** Quoted phrases of {@code n} of the bigrams in most documents of the table. */
  private static List<String> frequentBigramPhrases(int n) throws IOException {
    try (FSDirectory directory = FSDirectory.open(everyView.resolve(TermStatsTable.DIR));
        DirectoryReader table = DirectoryReader.open(directory)) {
      TermsEnum terms =
          table
              .leaves()
              .getFirst()
              .reader()
              .terms(TermStatsTable.FIELD_PREFIX + BigramsView.NAME)
              .iterator();
      List<Map.Entry<Integer, String>> all = new ArrayList<>();
      for (BytesRef term = terms.next(); term != null; term = terms.next()) {
        all.add(Map.entry(terms.docFreq(), term.utf8ToString()));
      }
      all.sort(Map.Entry.<Integer, String>comparingByKey().reversed());
      return all.stream().limit(n).map(e -> "\"" + e.getValue() + "\"").toList();
    }
  }

  private static void truncate(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
  }
}
