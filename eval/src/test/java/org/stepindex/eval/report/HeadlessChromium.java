package org.stepindex.eval.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentest4j.TestAbortedException;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.Json;

/**
 * A page checked as a reader sees it: Debian's {@code chromium}, headless, loads a copy of the page
 * with a checking script added, and reports what a reader would notice — an image that does not
 * decode, a figure that draws nothing (a PNG of one colour, or one with almost no ink), a figure
 * with no size on the page, and every console error or uncaught exception while the page loads.
 *
 * <p>Chromium is installed with {@code apt-get} when missing, as {@code .ci/run} does on a fresh
 * machine (root); a test is skipped, saying why, only where that cannot be (not root, or no {@code
 * apt-get}).
 */
final class HeadlessChromium {
  /**
   * Goes first in {@code <head>}: records console errors and uncaught errors (resource errors
   * included).
   */
  private static final String RECORDER =
      """
      <script>
      window.__problems = [];
      (function () {
        const error = console.error.bind(console);
        console.error = function (...args) { window.__problems.push('console error: ' + args.join(' ')); error(...args); };
        window.addEventListener('error', e => window.__problems.push('error: ' + (e.message
            || (e.target && (e.target.src || e.target.href || e.target.tagName)) || 'unknown')), true);
      })();
      </script>
      """;

  /**
   * Goes last in {@code <body>}: after load, checks every image (decoded, and drawn: at least 0.2%
   * of its pixels differ from its corner's colour) and every figure's size, and writes the findings
   * into the page as JSON.
   */
  private static final String CHECKER =
      """
      <script>
      window.addEventListener('load', () => {
        const problems = window.__problems;
        let figures = 0;
        document.querySelectorAll('img').forEach((img, i) => {
          const name = img.alt || ('image ' + i);
          if (!img.complete || img.naturalWidth === 0) { problems.push('broken image: ' + name); return; }
          const canvas = document.createElement('canvas');
          canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
          const g = canvas.getContext('2d');
          g.drawImage(img, 0, 0);
          const px = g.getImageData(0, 0, canvas.width, canvas.height).data;
          let ink = 0;
          for (let p = 0; p < px.length; p += 4) {
            if (Math.abs(px[p] - px[0]) + Math.abs(px[p + 1] - px[1]) + Math.abs(px[p + 2] - px[2]) > 24) ink++;
          }
          if (ink < 0.002 * canvas.width * canvas.height) problems.push('empty figure: ' + name);
        });
        document.querySelectorAll('figure').forEach((f, i) => {
          figures++;
          const r = f.getBoundingClientRect();
          if (r.width < 50 || r.height < 50) problems.push('figure ' + i + ' has no size on the page');
        });
        const out = document.createElement('pre');
        out.id = 'stepindex-check';
        out.textContent = JSON.stringify({images: document.images.length, figures: figures, problems: problems});
        document.body.appendChild(out);
      });
      </script>
      """;

  private static final Pattern RESULT =
      Pattern.compile("<pre id=\"stepindex-check\">(.*?)</pre>", Pattern.DOTALL);

  /**
   * What the reader saw.
   *
   * @param images images on the page
   * @param figures {@code <figure>} elements on the page
   * @param problems every broken image, empty figure, console error and uncaught error, in the
   *     order met
   */
  record Check(int images, int figures, List<String> problems) {}

  private HeadlessChromium() {}

  /**
   * Loads {@code page} (a copy of it, beside it, so its relative links resolve) in headless
   * Chromium and checks it.
   *
   * @throws TestAbortedException where Chromium is missing and cannot be installed
   */
  static Check check(Path page) throws IOException, InterruptedException {
    Path chromium = chromium();
    String html = Files.readString(page, StandardCharsets.UTF_8);
    int head = html.indexOf("<head>");
    int end = html.lastIndexOf("</body>");
    if (head < 0 || end < 0) {
      throw new AssertionError(page + " has no <head> or no </body>");
    }
    String checked =
        html.substring(0, head + 6)
            + RECORDER
            + html.substring(head + 6, end)
            + CHECKER
            + html.substring(end);
    Path copy = page.resolveSibling(".chromium-check-" + page.getFileName());
    Files.writeString(copy, checked, StandardCharsets.UTF_8);
    Path dom = Files.createTempFile("chromium-dom", ".html");
    Path log = Files.createTempFile("chromium-log", ".txt");
    Path profile = Files.createTempDirectory("chromium-profile");
    try {
      Process process =
          new ProcessBuilder(
                  chromium.toString(),
                  "--headless",
                  "--no-sandbox",
                  "--disable-gpu",
                  "--hide-scrollbars",
                  "--window-size=1280,2000",
                  "--virtual-time-budget=10000",
                  "--user-data-dir=" + profile,
                  "--dump-dom",
                  copy.toUri().toString())
              .redirectOutput(dom.toFile())
              .redirectError(log.toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("chromium did not load " + page + " in 120 s");
      }
      Matcher m = RESULT.matcher(Files.readString(dom, StandardCharsets.UTF_8));
      if (!m.find()) {
        throw new AssertionError(
            "chromium (exit "
                + process.exitValue()
                + ") ran no check of "
                + page
                + "; its log:\n"
                + Files.readString(log));
      }
      Map<?, ?> result = Json.mapper().readValue(unescape(m.group(1)), Map.class);
      List<String> problems = new ArrayList<>();
      ((List<?>) result.get("problems")).forEach(p -> problems.add(String.valueOf(p)));
      return new Check(
          ((Number) result.get("images")).intValue(),
          ((Number) result.get("figures")).intValue(),
          problems);
    } finally {
      Files.deleteIfExists(copy);
      Files.deleteIfExists(dom);
      Files.deleteIfExists(log);
      AtomicFiles.deleteTree(profile);
    }
  }

  /** {@code --dump-dom} writes the text of {@code <pre>} HTML-escaped. */
  private static String unescape(String text) {
    return text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  private static Path chromium() throws IOException, InterruptedException {
    Path found = onPath();
    if (found != null) {
      return found;
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new TestAbortedException(
          "chromium is not installed, and installing it needs root (.ci/run runs as root)");
    }
    if (onPath("apt-get") == null) {
      throw new TestAbortedException(
          "chromium is not installed and there is no apt-get to install it");
    }
    for (List<String> command :
        List.of(
            List.of("apt-get", "install", "-y", "chromium"),
            List.of("apt-get", "update"),
            List.of("apt-get", "install", "-y", "chromium"))) {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process process = builder.start();
      if (!process.waitFor(600, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      found = onPath();
      if (found != null) {
        return found;
      }
    }
    throw new AssertionError("apt-get install -y chromium did not install chromium");
  }

  private static Path onPath(String... names) {
    String[] wanted = names.length == 0 ? new String[] {"chromium", "chromium-browser"} : names;
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      for (String name : wanted) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }
}
