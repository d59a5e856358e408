package org.stepindex.bench.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Matches;
import org.apache.lucene.search.MatchesIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.FSDirectory;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.TextView;
import org.stepindex.indexer.views.Views;
import org.stepindex.query.Count;
import org.stepindex.query.ViewQuery;

/**
 * Baseline (b), naive Lucene: ONE index over all sequences, with the same {@code text} field as the
 * step index (same analyzer, same segment gaps) plus a {@code step} {@link LongPoint}. A count "at
 * step S" is the query with a {@code step ∈ [0, S-1]} range filter, {@code +query #step:[0 TO
 * S-1]}: its matching docs are the sequences, and the occurrences are summed over them, a word's
 * from its postings' {@code freq}, a phrase's by counting Lucene's {@link Matches} in the doc. A
 * timeline is one such query per step; a pair is {@code +a +b} filtered, per pair per step.
 *
 * <p>The searcher keeps Lucene's defaults, query cache included (it may cache the step filters).
 */
public final class NaiveLuceneMethod implements CountMethod, AutoCloseable {
  /** The step field. */
  static final String STEP = "step";

  /**
   * ViewQuery checks token ids against the vocabulary only for the tokens view; text queries ignore
   * the bound.
   */
  private static final int ANY_VOCABULARY = Integer.MAX_VALUE;

  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final Map<List<String>, Query> compiled = new ConcurrentHashMap<>();

  private NaiveLuceneMethod(DirectoryReader reader) {
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
  }

  /**
   * Builds the naive index of all sequences into {@code dir} (which must be new or empty), with
   * {@code threads} threads adding documents, then force-merged to one segment, its fastest shape
   * for searching.
   *
   * @param dataPrefix the Megatron dataset
   * @param tokenizerJson the tokenizer the data was made with
   * @param layout batch size and sequence length
   * @param dir the index directory
   * @param threads indexing threads
   * @return tokens indexed and wall time (bytes are measured by the caller)
   */
  public static BuildTime build(
      Path dataPrefix, Path tokenizerJson, StepLayout layout, Path dir, int threads) {
    long start = System.nanoTime();
    TextView text = new TextView();
    try (MegatronDataset data = MegatronDataset.open(dataPrefix);
        HfTokenizer tokenizer = HfTokenizer.load(tokenizerJson);
        Analyzer analyzer = Views.indexAnalyzer();
        FSDirectory directory = FSDirectory.open(dir);
        IndexWriter writer =
            new IndexWriter(
                directory,
                new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                    .setRAMBufferSizeMB(256)
                    .setCommitOnClose(false))) {
      long n = data.sequenceCount();
      ExecutorService pool =
          Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().factory());
      try {
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          long from = n * t / threads;
          long to = n * (t + 1) / threads;
          parts.add(
              pool.submit(
                  () -> {
                    int[] ids = new int[Math.max(1, data.maxSize())];
                    for (long seq = from; seq < to; seq++) {
                      Document doc = new Document();
                      text.addTo(doc, tokenizer.split(ids, data.read(seq, ids)));
                      doc.add(new LongPoint(STEP, layout.stepOf(seq)));
                      writer.addDocument(doc);
                    }
                    return null;
                  }));
        }
        for (Future<?> part : parts) {
          part.get();
        }
      } finally {
        pool.shutdownNow();
      }
      writer.forceMerge(1);
      writer.commit();
      return new BuildTime(data.totalTokens(), (System.nanoTime() - start) / 1e9);
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot build the naive Lucene index in " + dir + ": " + e.getMessage(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new StepIndexException(
          "cannot build the naive Lucene index in " + dir + ": " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepIndexException("interrupted while building the naive Lucene index in " + dir);
    }
  }

  /**
   * What {@link #build} did.
   *
   * @param tokens tokens indexed
   * @param seconds wall time
   */
  public record BuildTime(long tokens, double seconds) {}

  /**
   * Opens an index made by {@link #build}.
   *
   * @param dir the index directory
   * @return the method, to be closed
   */
  public static NaiveLuceneMethod open(Path dir) {
    try {
      return new NaiveLuceneMethod(DirectoryReader.open(FSDirectory.open(dir)));
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot open the naive Lucene index " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return "naive Lucene";
  }

  @Override
  public Count count(BenchQuery query, long step) {
    Query first = compiled(query.first());
    List<Query> sides = query.isPair() ? List.of(first, compiled(query.second())) : List.of(first);
    BooleanQuery.Builder filtered = new BooleanQuery.Builder();
    for (Query side : sides) {
      filtered.add(side, BooleanClause.Occur.MUST);
    }
    filtered.add(LongPoint.newRangeQuery(STEP, 0, step - 1), BooleanClause.Occur.FILTER);
    try {
      return count(filtered.build(), sides);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Count[] timeline(BenchQuery query, long[] steps) {
    Count[] counts = new Count[steps.length];
    for (int i = 0; i < steps.length; i++) {
      counts[i] = count(query, steps[i]);
    }
    return counts;
  }

  private Count count(Query filtered, List<Query> sides) throws IOException {
    Weight weight =
        searcher.createWeight(searcher.rewrite(filtered), ScoreMode.COMPLETE_NO_SCORES, 1f);
    Weight[] sideWeights = new Weight[sides.size()];
    for (int i = 0; i < sides.size(); i++) {
      if (!(sides.get(i) instanceof TermQuery)) {
        sideWeights[i] =
            searcher.createWeight(searcher.rewrite(sides.get(i)), ScoreMode.COMPLETE_NO_SCORES, 1f);
      }
    }
    long sequences = 0;
    long occurrences = 0;
    for (LeafReaderContext leaf : reader.leaves()) {
      Scorer scorer = weight.scorer(leaf);
      if (scorer == null) {
        continue;
      }
      PostingsEnum[] postings = new PostingsEnum[sides.size()];
      for (int i = 0; i < sides.size(); i++) {
        if (sides.get(i) instanceof TermQuery term) {
          postings[i] = leaf.reader().postings(term.getTerm(), PostingsEnum.FREQS);
        }
      }
      DocIdSetIterator docs = scorer.iterator();
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        sequences++;
        for (int i = 0; i < sides.size(); i++) {
          occurrences +=
              postings[i] != null ? freqAt(postings[i], doc) : matchesAt(sideWeights[i], leaf, doc);
        }
      }
    }
    return new Count(sequences, occurrences);
  }

  private static int freqAt(PostingsEnum postings, int doc) throws IOException {
    return postings.advance(doc) == doc ? postings.freq() : 0;
  }

  private static int matchesAt(Weight weight, LeafReaderContext leaf, int doc) throws IOException {
    Matches matches = weight.matches(leaf, doc);
    MatchesIterator it = matches == null ? null : matches.getMatches(TextView.NAME);
    int n = 0;
    while (it != null && it.next()) {
      n++;
    }
    return n;
  }

  private Query compiled(List<String> words) {
    return compiled.computeIfAbsent(
        words,
        w ->
            ViewQuery.compile(
                    TextView.NAME, new BenchQuery(w, List.of()).firstText(), ANY_VOCABULARY)
                .query());
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
