package org.stepindex.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.eval.registry.EvalTasks;
import org.stepindex.indexer.base.Csv;
import org.stepindex.indexer.base.StepIndexException;
import org.w3c.dom.Document;

/**
 * The report from hand-written correlate and eval outputs: every file is there and well-formed (PNG
 * decodes, SVG is XML with an {@code <svg>} root, HTML holds the tables and embedded figures), and
 * the Δ table is the pivot of the summary.
 */
class ReportTest {
  @TempDir static Path tmp;
  static Path out;
  static List<Path> files;

  @BeforeAll
  static void write() throws Exception {
    System.setProperty("java.awt.headless", "true");
    Path resources = Path.of(ReportTest.class.getResource("/report").toURI());
    out = tmp.resolve("report");
    files =
        Report.write(
            new Report.Inputs(
                resources.resolve("correlate"), resources.resolve("eval"), "Tiny <test> report"),
            EvalTasks.reportSections(),
            out);
  }

  @Test
  void writesEveryFile() throws Exception {
    assertEquals(out.resolve(Report.HTML), files.getFirst());
    for (String name :
        List.of(
            Report.HTML,
            Report.DELTA_TABLE,
            Report.SPEARMAN_TABLE,
            Report.EVAL_TABLE,
            "arithmetic-frequency.csv",
            "arithmetic-summary.csv",
            "triviaqa-bins.csv",
            "triviaqa-pairs.csv",
            "timelines.csv",
            "figures/arithmetic-k2-plus.png",
            "figures/arithmetic-k2-plus.svg",
            "arithmetic-bins.csv",
            "figures/arithmetic-bins-k2-plus.png",
            "figures/arithmetic-bins-k2-plus.svg",
            "figures/triviaqa-k4.png",
            "figures/triviaqa-k4.svg",
            "figures/term-timelines.png",
            "figures/term-timelines.svg",
            "ngram-agreement.csv",
            "figures/ngram-agreement-top1-eval.png",
            "figures/ngram-agreement-kl-eval.svg")) {
      assertTrue(Files.isRegularFile(out.resolve(name)), name);
      assertTrue(files.contains(out.resolve(name)), name + " is reported");
    }
    try (Stream<Path> all = Files.list(out)) {
      assertTrue(
          all.noneMatch(p -> p.getFileName().toString().startsWith(".tmp")),
          "no temporary directory left");
    }
  }

  @Test
  void figuresArePngAndSvg() throws Exception {
    try (Stream<Path> figures = Files.list(out.resolve("figures"))) {
      for (Path f : figures.toList()) {
        if (f.toString().endsWith(".png")) {
          BufferedImage image = ImageIO.read(f.toFile());
          assertEquals(Figure.WIDTH, image.getWidth(), f.toString());
          assertEquals(Figure.HEIGHT, image.getHeight(), f.toString());
          assertTrue(distinctColours(image) > 5, f + " has a drawing on it");
        } else {
          DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
          // JFreeSVG names the SVG 1.1 DTD; the test must not fetch it from the network.
          factory.setFeature(
              "http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
          Document svg = factory.newDocumentBuilder().parse(f.toFile());
          assertEquals("svg", svg.getDocumentElement().getTagName(), f.toString());
          assertTrue(Files.readString(f).contains("<svg"));
        }
      }
    }
  }

  @Test
  void htmlHoldsTablesAndEmbeddedFigures() throws Exception {
    String html = Files.readString(out.resolve(Report.HTML), StandardCharsets.UTF_8);
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    assertTrue(html.contains("<title>Tiny &lt;test&gt; report</title>"), "title escaped");
    assertEquals(6, html.split("data:image/png;base64,", -1).length - 1, "six figures embedded");
    assertTrue(
        html.contains(
            "<td>eval</td><td>143000</td><td>inf</td><td>20</td><td>0.7</td><td>0.8</td><td>0.38</td>"),
        "the ngram-agreement table: run, step, order, contexts, mean KL, top-1");
    assertTrue(html.contains("<th>step143000</th>"), "the Δ table has a column per checkpoint");
    assertTrue(html.contains("<td>27.5</td><td>31.3</td><td>0.0</td>"), "Δ row, one decimal");
    assertTrue(html.contains("<td>0.512</td><td>0.610</td><td></td>"), "ρ row, undefined as empty");
    assertTrue(
        html.contains("<td>arithmetic</td><td>pythia-70m</td><td>143000</td>"),
        "eval summary table");
    assertTrue(html.contains("<td>0.444444</td>"), "TriviaQA bin table");
    Csv.Table delta = Csv.read(out.resolve(Report.DELTA_TABLE));
    assertEquals(List.of("model", "op", "k", "step8", "step512", "step143000"), delta.header());
    assertEquals(List.of(List.of("pythia-70m", "plus", "2", "27.5", "31.3", "0.0")), delta.rows());
  }

  @Test
  void nothingToReportIsAUserError() {
    Path empty = tmp.resolve("empty");
    StepIndexException e =
        assertThrows(
            StepIndexException.class,
            () ->
                Report.write(
                    new Report.Inputs(empty, null, "x"),
                    EvalTasks.reportSections(),
                    tmp.resolve("r2")));
    assertTrue(e.getMessage().startsWith("nothing to report"), e.getMessage());
    assertTrue(!Files.exists(tmp.resolve("r2").resolve(Report.HTML)), "nothing published");
  }

  private static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }
}
