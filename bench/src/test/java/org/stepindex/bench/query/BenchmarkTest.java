package org.stepindex.bench.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.bench.Machine;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;
import org.stepindex.query.Count;
import org.stepindex.query.FrequencyIndex;

/**
 * The benchmark on a tiny corpus: the three methods agree (the run would abort otherwise), the
 * report has every row, build and target, the guard does abort on a wrong count, and the timeline
 * has Pythia's 154 steps. Nothing here asserts a time.
 */
class BenchmarkTest {
  /** 1024 sequences of 64 tokens, 8 per step: 128 steps, 65,536 tokens. */
  private static final SynthOptions TINY = new SynthOptions(1024, 64, 8, 3);

  private static final List<String> OPERATIONS =
      List.of(
          Benchmark.TERM_AT_CHECKPOINT,
          Benchmark.TERM_INSIDE,
          Benchmark.PHRASE_AT_CHECKPOINT,
          Benchmark.PHRASE_INSIDE,
          Benchmark.COOCCUR_AT_CHECKPOINT,
          Benchmark.TERM_FIRST_QUERY,
          Benchmark.PHRASE_FIRST_QUERY,
          Benchmark.TERM_TIMELINE,
          Benchmark.PHRASE_TIMELINE,
          Benchmark.PAIRS_TIMELINE);

  @TempDir Path tmp;

  /**
   * Real text: this repository's README and the query and bench modules' sources, packed to the
   * same layout; the three methods agree on every count of the words and runs of words drawn from
   * it (the scan cutting words as the text view does), and every row is timed.
   */
  @Test
  void runsOnRealText() {
    Path root = Path.of("").toAbsolutePath().getParent();
    Path tokenizer = tmp.resolve("tokenizer.json");
    ByteLevelBpeWriter.write(
        tokenizer, List.of("the", "of", "public", "final", "return", "import", "count"));
    RealText text =
        new RealText(
            List.of(
                root.resolve("README.md"),
                root.resolve("query/src/main/java"),
                root.resolve("bench/src/main/java")),
            tokenizer);
    BenchReport report =
        Benchmark.run(
            new BenchOptions(
                TINY, 3, 0.01, tmp.resolve("text"), 2, false, Workload.DEFAULT_SHARDS, text),
            line -> {});
    assertTrue(report.corpus().source().startsWith("real text: "), report.corpus().source());
    assertEquals(TINY.sequences() * TINY.seqLength(), report.corpus().tokens());
    assertEquals(OPERATIONS, report.rows().stream().map(BenchReport.Row::operation).toList());
    // 15 queries at every checkpoint, inside-shard and timeline step, for two methods.
    assertTrue(report.checkedCounts() > 2 * 15 * 129, "checked " + report.checkedCounts());
    StepIndexException notWithoutScale =
        assertThrows(
            StepIndexException.class,
            () ->
                new BenchOptions(
                    TINY,
                    3,
                    0.01,
                    tmp.resolve("data"),
                    2,
                    false,
                    Workload.DEFAULT_SHARDS,
                    new RealText(List.of(), tokenizer, tmp)));
    assertTrue(
        notWithoutScale.getMessage().startsWith("bench takes --data with --scale"),
        notWithoutScale.getMessage());
  }

  @Test
  void runsOnATinyCorpusWithAgreeingCountsAndReportsEveryRow() {
    List<String> progress = new ArrayList<>();
    Path work = tmp.resolve("work");
    BenchReport report =
        Benchmark.run(
            new BenchOptions(TINY, 3, 0.01, work, 2, true, Workload.DEFAULT_SHARDS), progress::add);

    assertEquals(TINY.steps(), report.corpus().steps());
    assertEquals(TINY.sequences() * TINY.seqLength(), report.corpus().tokens());
    assertEquals(
        List.of("text", "text,tokens,pythia-numbers", "text + step"),
        report.builds().stream().map(BenchReport.Build::views).toList());
    for (BenchReport.Build build : report.builds()) {
      assertEquals(report.corpus().tokens(), build.tokens(), build.views());
      assertTrue(build.bytes() > 0, build.views());
    }
    assertTrue(
        report.builds().get(1).bytes() > report.builds().get(0).bytes(), "more views, more bytes");

    assertEquals(OPERATIONS, report.rows().stream().map(BenchReport.Row::operation).toList());
    for (BenchReport.Row row : report.rows()) {
      for (BenchReport.Timing timing : List.of(row.stepindex(), row.naive(), row.scan())) {
        assertTrue(timing.samples() >= 1, row.operation());
        assertTrue(
            timing.p50Micros() > 0 && timing.p50Micros() <= timing.p99Micros(), row.operation());
      }
    }
    // One first query per cold phrase, each asked once.
    assertEquals(16, report.row(Benchmark.PHRASE_FIRST_QUERY).stepindex().samples());
    assertEquals(8, report.targets().size());

    // Every count of every term, phrase and pair at every step, for two methods, plus the planted
    // truth.
    assertTrue(report.checkedCounts() > 2 * 20 * 129, "checked " + report.checkedCounts());
    assertTrue(progress.stream().anyMatch(line -> line.startsWith("checking")));
    assertTrue(Files.isDirectory(work.resolve("index-text")), "--out keeps the work");

    StringWriter text = new StringWriter();
    ReportTable.print(report, 2, new PrintWriter(text));
    for (String operation : OPERATIONS) {
      assertTrue(text.toString().contains(operation), operation);
    }
    assertTrue(text.toString().contains("index <= 3 bytes/token"));
    assertTrue(text.toString().contains(Machine.current().line() + "\n"), "names the machine");
  }

  @Test
  void theScanAndNaiveLuceneGiveTheIndexCounts() {
    SyntheticCorpus.Result corpus = SyntheticCorpus.write(tmp.resolve("corpus"), TINY);
    StepLayout layout = new StepLayout(TINY.batchSize(), TINY.seqLength());
    build(corpus, tmp.resolve("index"));
    NaiveLuceneMethod.build(
        corpus.dataPrefix(), corpus.tokenizer(), layout, tmp.resolve("naive"), 2);
    try (FrequencyIndex index = FrequencyIndex.open(tmp.resolve("index"));
        NaiveLuceneMethod naive = NaiveLuceneMethod.open(tmp.resolve("naive"));
        ScanMethod scan = new ScanMethod(corpus.dataPrefix(), corpus.tokenizer(), layout)) {
      StepIndexMethod stepindex = new StepIndexMethod(index);
      long[] steps = {0, 1, 5, 64, 100, 128};
      for (BenchQuery query :
          List.of(
              BenchQuery.of("the"),
              BenchQuery.of("\"plus 7\""),
              BenchQuery.of("the the"),
              BenchQuery.pair("zorblax", "vorpal"),
              BenchQuery.pair("galaxy", "quasar nebula"))) {
        Count[] expected = stepindex.timeline(query, steps);
        assertArrayEquals(expected, naive.timeline(query, steps), query.label());
        assertArrayEquals(expected, scan.timeline(query, steps), query.label());
        assertEquals(expected[3], scan.count(query, 64), query.label());
        assertEquals(expected[3], naive.count(query, 64), query.label());
        assertNotEquals(Count.ZERO, expected[steps.length - 1], query.label() + " should occur");
      }
    }
  }

  @Test
  void aWrongCountAbortsTheBenchmark() {
    // The index of another corpus of the same shape answers with plausible but wrong counts.
    SyntheticCorpus.Result corpus = SyntheticCorpus.write(tmp.resolve("corpus"), TINY);
    SyntheticCorpus.Result other =
        SyntheticCorpus.write(
            tmp.resolve("other"),
            new SynthOptions(
                TINY.sequences(), TINY.seqLength(), TINY.batchSize(), TINY.seed() + 1));
    build(other, tmp.resolve("other-index"));
    StepLayout layout = new StepLayout(TINY.batchSize(), TINY.seqLength());
    try (FrequencyIndex index = FrequencyIndex.open(tmp.resolve("other-index"));
        ScanMethod scan = new ScanMethod(corpus.dataPrefix(), corpus.tokenizer(), layout)) {
      // Checkpoints other than the planted truth's steps (pythia): the guard must know both.
      Workload workload = Workload.forCorpus(TINY.steps(), corpus.planted(), "every:16");
      CorrectnessGuard guard = new CorrectnessGuard(scan, workload, corpus.planted());
      guard.checkScan(workload);
      StepIndexException e =
          assertThrows(
              StepIndexException.class, () -> guard.checkAll(new StepIndexMethod(index), workload));
      assertTrue(e.getMessage().startsWith("bench aborted: stepindex counts "), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line");
    }
  }

  @Test
  void aUsedWorkDirectoryIsRefused() throws Exception {
    Files.writeString(tmp.resolve("something"), "x");
    StepIndexException e =
        assertThrows(
            StepIndexException.class,
            () ->
                Benchmark.run(
                    new BenchOptions(TINY, 3, 0.01, tmp, 1, false, Workload.DEFAULT_SHARDS),
                    line -> {}));
    assertTrue(e.getMessage().contains("not an empty directory"), e.getMessage());
  }

  @Test
  void timelinesHavePythiasCheckpointCountWhenTheRunIsLongEnough() {
    long[] steps = Workload.evenlySpaced(1024, Workload.TIMELINE_STEPS);
    assertEquals(154, steps.length);
    assertEquals(0, steps[0]);
    assertEquals(1024, steps[153]);
    // A run shorter than 153 steps has each of its steps once.
    assertArrayEquals(new long[] {0, 1, 2, 3}, Workload.evenlySpaced(3, Workload.TIMELINE_STEPS));
  }

  private static void build(SyntheticCorpus.Result corpus, Path dir) {
    IndexBuilder.build(
        new BuildOptions(
            corpus.dataPrefix(),
            corpus.tokenizer(),
            dir,
            new StepLayout(TINY.batchSize(), TINY.seqLength()),
            List.of("text"),
            Workload.DEFAULT_SHARDS,
            0,
            -1,
            2),
        new BuildProgress());
  }
}
