package org.stepindex.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.eval.registry.EvalTasks;
import org.stepindex.indexer.base.Csv;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The bias and memorization sections from hand-written summaries of two runs (original and
 * intervened): tables hold the summaries' numbers, figures are written, the eval-accuracy table
 * leaves these summaries out.
 */
class RunComparisonReportTest {
  @TempDir static Path tmp;
  static Path out;
  static List<Path> files;

  static void crows(Path dir, long step, double pct) throws Exception {
    Files.writeString(
        dir.resolve("crows-pairs-step" + step + ".summary.json"),
        """
        {"task":"crows-pairs","model":"m/step%d","step":%d,"n":4,"pctStereotype":%s,"likelihoodDiff":2.25,
         "byBiasType":{"gender":{"n":4,"pctStereotype":%s,"likelihoodDiff":2.25}},"byDirection":{}}
        """
            .formatted(step, step, pct, pct));
  }

  /**
   * A WinoBias summary; {@code method} null leaves the field out, as summaries written before it
   * was recorded.
   */
  static void winobias(Path dir, long step, double pro, double anti, String method)
      throws Exception {
    Files.writeString(
        dir.resolve("winobias-step" + step + ".summary.json"),
        """
        {"task":"winobias",%s"model":"m/step%d","step":%d,"n":8,
         "byType":{"type1":{"nPro":2,"pro":%s,"nAnti":2,"anti":%s,"diff":%s},
                   "type2":{"nPro":2,"pro":1.0,"nAnti":2,"anti":null,"diff":null}},
         "all":{"nPro":4,"pro":%s,"nAnti":4,"anti":%s,"diff":%s}}
        """
            .formatted(
                method == null ? "" : "\"method\":\"" + method + "\",",
                step,
                step,
                pro,
                anti,
                pro - anti,
                pro,
                anti,
                pro - anti));
  }

  static void memorization(Path dir, long step) throws Exception {
    Files.writeString(
        dir.resolve("memorization-step" + step + ".summary.json"),
        """
        {"task":"memorization","model":"m","step":%d,"fromStep":0,"toStep":2,"firstSeq":0,"n":2048,
         "promptTokens":32,"continuationTokens":32,"memorized":6,"memorizedFraction":0.0029296875,
         "meanScore":0.1,"sliceSize":512,"slices":4,
         "poisson":{"n":4,"lambda":1.5,"variance":1.6666666666666667,"dispersion":1.1111111111111112,
           "cells":[{"from":0,"to":null,"observed":4,"expected":4.0}],"chiSquare":0.0,"df":-1,"pValue":null,
           "qq":[{"probability":0.125,"theoretical":0,"empirical":0},{"probability":0.375,"theoretical":1,"empirical":1},
                 {"probability":0.625,"theoretical":2,"empirical":2},{"probability":0.875,"theoretical":3,"empirical":3}]}}
        """
            .formatted(step));
    Files.writeString(
        dir.resolve("memorization-step" + step + ".slices.csv"),
        """
        slice,first_seq,first_step,sequences,memorized,mean_score
        0,0,0,512,0,0.05
        1,512,0,512,1,0.1
        2,1024,1,512,2,0.12
        3,1536,1,512,3,0.13
        """);
  }

  @BeforeAll
  static void write() throws Exception {
    System.setProperty("java.awt.headless", "true");
    Path original = Files.createDirectories(tmp.resolve("original"));
    Path intervened = Files.createDirectories(tmp.resolve("intervened"));
    crows(original, 1000, 0.6);
    crows(original, 2000, 0.625);
    winobias(original, 1000, 0.75, 0.25, "pythia");
    winobias(original, 2000, 1.0, 0.25, "pythia");
    memorization(original, 2000);
    crows(intervened, 2000, 0.5);
    winobias(intervened, 2000, 0.5, 0.5, "likelihood");
    // An arithmetic summary in the same directory: it goes to the eval table, the bias ones do not.
    Files.writeString(
        original.resolve("arithmetic-step2000.summary.json"),
        """
        {"task":"arithmetic","model":"m/step2000","step":2000,"n":10,"accuracy":0.3,"byK":{"0":0.3}}
        """);
    Map<String, Path> runs = new LinkedHashMap<>();
    runs.put("original", original);
    runs.put("intervened", intervened);
    out = tmp.resolve("report");
    files =
        Report.write(
            new Report.Inputs(null, original, "Intervention", runs),
            EvalTasks.reportSections(),
            out);
  }

  @Test
  void biasTableHasALinePerRunAndCheckpoint() {
    Csv.Table bias = Csv.read(out.resolve(BiasSection.TABLE));
    assertEquals(
        List.of(
            "run",
            "step",
            "crows_n",
            "crows_pct_stereotype",
            "crows_likelihood_diff",
            "winobias_method",
            "winobias_n",
            "winobias_pro",
            "winobias_anti",
            "winobias_diff",
            "type1_pro",
            "type1_anti",
            "type1_diff",
            "type2_pro",
            "type2_anti",
            "type2_diff"),
        bias.header());
    assertEquals(
        List.of(
            List.of(
                "original",
                "1000",
                "4",
                "0.6",
                "2.25",
                "pythia",
                "8",
                "0.75",
                "0.25",
                "0.5",
                "0.75",
                "0.25",
                "0.5",
                "1",
                "",
                ""),
            List.of(
                "original",
                "2000",
                "4",
                "0.625",
                "2.25",
                "pythia",
                "8",
                "1",
                "0.25",
                "0.75",
                "1",
                "0.25",
                "0.75",
                "1",
                "",
                ""),
            List.of(
                "intervened",
                "2000",
                "4",
                "0.5",
                "2.25",
                "likelihood",
                "8",
                "0.5",
                "0.5",
                "0",
                "0.5",
                "0.5",
                "0",
                "1",
                "",
                "")),
        bias.rows());
  }

  /**
   * The section says what its WinoBias numbers are: each method the summaries record, and only
   * those.
   */
  @Test
  void biasTextDescribesEachRecordedWinoBiasMethod() throws Exception {
    String html = Files.readString(out.resolve(Report.HTML));
    assertTrue(
        html.contains(
            "WinoBias (pythia, the Pythia study&#39;s method): accuracy of the model&#39;s greedy"
                + " answers to the two promptsource questions (&quot;What does p stand for&quot;, &quot;refers_to&quot;)"),
        html);
    assertTrue(
        html.contains("WinoBias (likelihood): accuracy of choosing the written pronoun"),
        "likelihood");
    assertFalse(html.contains("method not recorded"));
    Path old = Files.createDirectories(tmp.resolve("unrecorded"));
    winobias(old, 1000, 0.5, 0.25, null);
    Path report = tmp.resolve("report-unrecorded");
    Report.write(
        new Report.Inputs(null, old, "Old", Map.of("old", old)),
        EvalTasks.reportSections(),
        report);
    String text = Files.readString(report.resolve(Report.HTML));
    assertTrue(
        text.contains("WinoBias (method not recorded"),
        "an old summary is not described as either method");
    assertFalse(text.contains("greedy answers") || text.contains("written pronoun"));
    assertEquals("", Csv.read(report.resolve(BiasSection.TABLE)).rows().getFirst().get(5));
  }

  @Test
  void memorizationTablesAndFigures() {
    Csv.Table fit = Csv.read(out.resolve(MemorizationSection.FIT_TABLE));
    assertEquals(
        List.of(
            List.of(
                "original",
                "2000",
                "0",
                "2",
                "2048",
                "6",
                "0.00292969",
                "4",
                "1.5",
                "1.66667",
                "1.11111",
                "0",
                "-1",
                "")),
        fit.rows());
    Csv.Table slices = Csv.read(out.resolve(MemorizationSection.SLICES_TABLE));
    assertEquals(4, slices.rows().size());
    assertEquals(
        List.of("original", "2000", "3", "1536", "1", "512", "3", "0.13"), slices.rows().get(3));
    for (String figure :
        List.of(
            "bias-crows-pairs",
            "bias-winobias-diff",
            "bias-winobias-pro-anti",
            "memorization-qq-original",
            "memorization-slices-original")) {
      assertTrue(Files.isRegularFile(out.resolve("figures/" + figure + ".png")), figure);
      assertTrue(files.contains(out.resolve("figures/" + figure + ".svg")), figure);
    }
    assertFalse(
        Files.exists(out.resolve("figures/memorization-qq-intervened.png")),
        "no memorization there");
  }

  @Test
  void htmlHasTheSectionsAndTheEvalTableOnlyAccuracies() throws Exception {
    String html = Files.readString(out.resolve(Report.HTML));
    assertTrue(
        html.matches("(?s).*<h2 id=\"(s\\d+)\">Bias across checkpoints</h2>.*"),
        "a section heading");
    assertTrue(html.contains(">Memorization</h2>"));
    // The summary at the top lists each section with its figures and tables, before the first
    // section.
    int summary = html.indexOf(">Bias across checkpoints</a> (3 figures, 1 table)</li>");
    assertTrue(
        summary > 0 && summary < html.indexOf("<h2"), "the summary lists the bias section first");
    assertEquals(5, html.split("data:image/png;base64,", -1).length - 1, "five figures embedded");
    Csv.Table eval = Csv.read(out.resolve(Report.EVAL_TABLE));
    assertEquals(1, eval.rows().size());
    assertEquals("arithmetic", eval.rows().getFirst().getFirst());
  }

  @Test
  void runsWithoutSummariesAreNothingToReport() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    StepIndexException e =
        assertThrows(
            StepIndexException.class,
            () ->
                Report.write(
                    new Report.Inputs(null, null, "x", Map.of("a", empty)),
                    EvalTasks.reportSections(),
                    tmp.resolve("r3")));
    assertTrue(
        e.getMessage()
            .startsWith("nothing to report: no bias, memorization or ngram-agreement summary in"),
        e.getMessage());
  }
}
