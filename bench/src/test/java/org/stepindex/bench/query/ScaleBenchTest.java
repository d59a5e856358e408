package org.stepindex.bench.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.stepindex.indexer.store.AddViewOptions;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.indexer.store.ViewAdder;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;
import org.stepindex.query.FrequencyIndex;

/**
 * {@code bench --scale} on two tiny sizes: every size has every row, build and guard count, growth
 * is against the smallest, the goals are judged; and its guard aborts on an entities view that
 * disagrees with the text view. Nothing here asserts a time.
 */
class ScaleBenchTest {
  @TempDir Path tmp;

  @Test
  void runsTwoSizesAndReportsEveryRowWithGrowth() {
    List<String> progress = new ArrayList<>();
    ScaleOptions options =
        new ScaleOptions(
            64 * 129 * 24,
            new int[] {1, 2},
            129,
            64,
            "every:8",
            4,
            50,
            300,
            2,
            tmp.resolve("work"),
            5);
    ScaleReport report = ScaleBench.run(options, progress::add);

    assertEquals(List.of(1, 2), report.sizes().stream().map(ScaleReport.Size::scale).toList());
    List<String> operations =
        List.of(
            ScaleBench.TERM,
            ScaleBench.ENTITY,
            ScaleBench.PHRASE_TEXT,
            ScaleBench.DECLARED,
            ScaleBench.AD_HOC_ENTITIES,
            ScaleBench.AD_HOC_WORDS,
            ScaleBench.OPEN_DATA,
            ScaleBench.FIND,
            ScaleBench.PHRASE,
            ScaleBench.LONG_PHRASE,
            ScaleBench.TERM + ScaleBench.SHARD_BY_SHARD,
            ScaleBench.ENTITY + ScaleBench.SHARD_BY_SHARD,
            ScaleBench.DECLARED + ScaleBench.SHARD_BY_SHARD,
            ScaleBench.PHRASE + ScaleBench.SHARD_BY_SHARD);
    List<String> fromDisk = new ArrayList<>();
    for (String baseline : List.of("", ScaleBench.SHARD_BY_SHARD)) {
      for (String op : ScaleBench.FROM_TABLE) {
        fromDisk.add(op + baseline + ScaleBench.FROM_DISK);
      }
    }
    assertTrue(PageCache.available(), "posix_fadvise is reachable on Linux");
    operations = java.util.stream.Stream.concat(operations.stream(), fromDisk.stream()).toList();
    for (ScaleReport.Size size : report.sizes()) {
      assertEquals(operations, size.rows().stream().map(ScaleReport.Row::operation).toList());
      assertEquals(options.sequences(size.scale()), size.sequences());
      assertTrue(size.checkedCounts() > 0, "the guard checked counts before timing");
      size.rows()
          .forEach(
              r ->
                  assertEquals(
                      List.of(ScaleBench.OPEN_DATA, ScaleBench.FIND).contains(r.operation())
                          ? 5
                          : 4,
                      r.timing().samples(),
                      r.operation()));
      assertTrue(
          size.row(ScaleBench.FIND).cases().contains(HistoryBench.FIND_ROWS + " rows"),
          size.row(ScaleBench.FIND).cases());
      assertTrue(
          size.textBuild().bytesPerToken() > 0
              && size.entitiesBuild().bytesPerToken() > 0
              && size.bigramsBuild().bytesPerToken() > 0);
      assertEquals(50, size.qaPairs());
      assertTrue(size.termStatsBytes() > 0, "the term statistics table is measured");
    }
    ScaleReport.Size first = report.sizes().getFirst();
    ScaleReport.Size second = report.sizes().get(1);
    first.rows().forEach(r -> assertEquals(1.0, r.growth()));
    ScaleReport.Row term = second.row(ScaleBench.TERM);
    assertEquals(
        term.timing().p50Micros() / first.row(ScaleBench.TERM).timing().p50Micros(),
        term.growth(),
        1e-9);
    assertTrue(progress.stream().anyMatch(l -> l.contains("checking against a scan of the .bin")));
    assertEquals(13, report.targets().size());
    assertTrue(report.corpus().startsWith("synthetic"), report.corpus());
    assertTrue(
        report.targets().stream().anyMatch(t -> t.goal().startsWith("index of text and bigrams")),
        report.targets().toString());
    assertTrue(
        Files.isDirectory(tmp.resolve("work").resolve("scale-2").resolve("index")),
        "--out keeps the sizes");

    StringWriter text = new StringWriter();
    ScaleReportTable.print(report, 2, new PrintWriter(text));
    assertTrue(text.toString().contains("declared entity pair"), text.toString());
    assertTrue(text.toString().contains(Machine.current().line() + "\n"), "names the machine");
    assertTrue(
        text.toString().contains("shard by shard over the term statistics table, p50: term "),
        text.toString());
  }

  /**
   * Real text: this repository's README and Java sources, encoded with a byte-level BPE, packed
   * once; each size is a prefix of it with the three views of a Pythia build, the workload is drawn
   * from its words, and the guard checks the counts against a scan that cuts words as the text view
   * does (a scan that cut runs of letters and digits disagrees with the view on such text: {@code
   * a_b} is one word to it).
   */
  @Test
  void runsOnRealText() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    Path tokenizer = tmp.resolve("tokenizer.json");
    ByteLevelBpeWriter.write(
        tokenizer, List.of("the", "of", "public", "final", "return", "import", "count"));
    ScaleOptions options =
        new ScaleOptions(
            64 * 129 * 8,
            new int[] {1, 2},
            129,
            64,
            "every:4",
            4,
            50,
            300,
            2,
            tmp.resolve("work"),
            5,
            new RealText(
                List.of(
                    root.resolve("README.md"),
                    root.resolve("query/src/main/java"),
                    root.resolve("bench/src/main/java")),
                tokenizer),
            List.of("text", "tokens", "pythia-numbers"));
    List<String> progress = new ArrayList<>();
    ScaleReport report = ScaleBench.run(options, progress::add);

    assertTrue(report.corpus().startsWith("real text: "), report.corpus());
    assertTrue(progress.stream().anyMatch(l -> l.contains("checking against a scan of the .bin")));
    for (ScaleReport.Size size : report.sizes()) {
      assertEquals(
          options.sequences(size.scale()),
          size.sequences(),
          "a prefix of whole steps of the packed text");
      assertTrue(size.checkedCounts() > 0);
      assertEquals("text,tokens,pythia-numbers", size.textBuild().views());
      assertTrue(size.indexBytes() > size.termStatsBytes());
      assertTrue(
          size.row(ScaleBench.NEXT)
              .cases()
              .matches(
                  "\\[[0-9 ]+\\] \\([0-9,]+ occurrences\\), [1-9][0-9]* next"
                      + " tokens; 5 cold runs"),
          "a tokens view times next: " + size.row(ScaleBench.NEXT).cases());
      assertEquals(
          20, size.row(ScaleBench.EXPOSURES).timing().samples(), "and memorization's exposures");
    }
    assertEquals(
        13,
        report.targets().size(),
        "no 3-bytes goal for a build of three views; find and next judged");
    assertTrue(Files.isRegularFile(tmp.resolve("work").resolve("text").resolve("document.bin")));
  }

  @Test
  void realTextNeedsATokenizerAndEnoughOfIt() {
    StepIndexException noTokenizer =
        assertThrows(StepIndexException.class, () -> new RealText(List.of(tmp), null));
    assertTrue(
        noTokenizer.getMessage().startsWith("--text needs --tokenizer FILE"),
        noTokenizer.getMessage());
    Path tokenizer = tmp.resolve("tokenizer.json");
    ByteLevelBpeWriter.write(tokenizer, List.of("the"));
    Path readme = Path.of("").toAbsolutePath().getParent().resolve("README.md");
    ScaleOptions tooMuch =
        new ScaleOptions(
            1L << 30,
            new int[] {1},
            129,
            64,
            "every:4",
            4,
            50,
            300,
            2,
            tmp.resolve("work"),
            5,
            new RealText(List.of(readme), tokenizer),
            List.of("text"));
    StepIndexException tooLittle =
        assertThrows(StepIndexException.class, () -> ScaleBench.run(tooMuch, line -> {}));
    assertTrue(
        tooLittle.getMessage().contains("the largest size needs 1,073,741,"),
        tooLittle.getMessage());
    assertTrue(
        tooLittle.getMessage().endsWith("give more text, or a smaller --base-tokens or --scale"),
        tooLittle.getMessage());
  }

  @Test
  void theGuardAbortsWhenTheEntitiesViewDisagrees() throws Exception {
    SyntheticCorpus.Result corpus =
        SyntheticCorpus.write(tmp.resolve("corpus"), new SynthOptions(800, 129, 16, 5));
    ScaleWorkload w = ScaleWorkload.write(tmp.resolve("w"), 300, 2, 10, 5);
    Path index = tmp.resolve("index");
    IndexBuilder.build(
        new BuildOptions(
            corpus.dataPrefix(),
            corpus.tokenizer(),
            index,
            new StepLayout(16, 129),
            List.of("text"),
            "every:10",
            0,
            -1,
            2),
        new BuildProgress());
    // The guard entity G0 is "the <word>" in the workload; this view gives it a second name, so it
    // counts more.
    String entities =
        Files.readString(w.entityFile()).replaceFirst("\nG0\t([^\n]*)\n", "\nG0\t$1\tgalaxy\n");
    Path wrong = Files.writeString(tmp.resolve("wrong.tsv"), entities);
    ViewAdder.add(
        new AddViewOptions(index, "entities", wrong, w.pairFile(), null, null, null, 2),
        new BuildProgress());
    try (FrequencyIndex fi = FrequencyIndex.open(index)) {
      ScaleGuard guard = new ScaleGuard(fi, w, fi.coveredEnd(), fi.coveredEnd() / 2 + 1);
      StepIndexException e = assertThrows(StepIndexException.class, guard::checkInIndex);
      assertTrue(e.getMessage().startsWith("bench aborted: entity G0"), e.getMessage());
    }
  }
}
