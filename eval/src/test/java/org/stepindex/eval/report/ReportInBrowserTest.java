package org.stepindex.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.eval.registry.EvalTasks;

/**
 * The report as a reader sees it in headless Chromium ({@link HeadlessChromium}): every figure
 * decodes, draws something and has a size on the page, and loading it logs no console error; and
 * the check itself catches a broken image, a blank figure and a console error.
 */
class ReportInBrowserTest {
  @TempDir Path tmp;

  @Test
  void theReportShowsEveryFigureWithoutAnError() throws Exception {
    System.setProperty("java.awt.headless", "true");
    Path resources = Path.of(ReportInBrowserTest.class.getResource("/report").toURI());
    Report.write(
        new Report.Inputs(resources.resolve("correlate"), resources.resolve("eval"), "Tiny report"),
        EvalTasks.reportSections(),
        tmp.resolve("report"));

    HeadlessChromium.Check check =
        HeadlessChromium.check(tmp.resolve("report").resolve(Report.HTML));
    assertEquals(List.of(), check.problems());
    assertTrue(check.figures() > 3, "the report's figures were seen: " + check);
    assertEquals(check.figures(), check.images(), "one image a figure");
  }

  @Test
  void theCheckCatchesABrokenImageABlankFigureAndAConsoleError() throws Exception {
    BufferedImage drawn = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
    var g = drawn.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, 200, 100);
    g.setColor(java.awt.Color.BLUE);
    g.fillRect(20, 20, 120, 40);
    g.dispose();
    BufferedImage blank = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
    Path page = tmp.resolve("page.html");
    Files.writeString(
        page,
        "<!DOCTYPE html><html><head><title>t</title></head><body>"
            + "<figure><img alt=\"drawn\" width=\"400\" src=\""
            + png(drawn)
            + "\"></figure>"
            + "<figure><img alt=\"blank\" width=\"400\" src=\""
            + png(blank)
            + "\"></figure>"
            + "<figure><img alt=\"broken\" width=\"400\" src=\"data:image/png;base64,AAAA\"></figure>"
            + "<script>console.error('a chart failed');</script></body></html>");

    HeadlessChromium.Check check = HeadlessChromium.check(page);
    assertEquals(3, check.images());
    assertTrue(
        check.problems().contains("console error: a chart failed"), check.problems().toString());
    assertTrue(check.problems().contains("empty figure: blank"), check.problems().toString());
    assertTrue(check.problems().contains("broken image: broken"), check.problems().toString());
    assertTrue(
        check.problems().stream().noneMatch(p -> p.endsWith(": drawn")),
        check.problems().toString());
  }

  private static String png(BufferedImage image) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(image, "png", bytes);
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
  }
}
