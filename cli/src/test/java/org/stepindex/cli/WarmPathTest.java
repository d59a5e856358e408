package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.serve.ServerAddress;

/**
 * The launcher's warm path, with real processes: {@code stepindex serve --background} on loopback,
 * the launcher asking it over bash's /dev/tcp (no process of its own), and the same command lines
 * run cold ({@code STEPINDEX_SERVER=off}, a JVM of their own). Every answer, in every format,
 * errors included, is the same bytes on stdout and stderr and the same exit status either way.
 * Which way a run went is seen from outside: only a JVM of its own writes the phases file ({@code
 * STEPINDEX_PHASES}). A server killed with SIGKILL leaves its address behind; the next command
 * finds it stale, removes it and answers cold, as it does for another server's token; a server
 * stopped with SIGTERM removes its address itself.
 */
class WarmPathTest {
  private static final Pattern STARTED =
      Pattern.compile("running in the background as process ([0-9]+)");

  @TempDir static Path tmp;
  private static LauncherCopy launcher;
  private static Path index;
  private static Path queries;
  private static long server;
  private static int phaseFiles;

  @BeforeAll
  static void start() throws IOException {
    launcher = LauncherCopy.in(tmp.resolve("launcher"));
    index = tmp.resolve("index");
    LauncherCopy.copyTree(SmallCorpus.get().index, index);
    queries =
        Files.writeString(
            tmp.resolve("queries.txt"), "zorblax\n# a comment\nthe\n\"quasar nebula\"\n");
    server = startServer(index);
  }

  @AfterAll
  static void stop() throws Exception {
    if (launcher != null && server > 0) {
      stopServer(server);
    }
  }

  /** Starts a server for {@code dir} through the launcher; returns its process id. */
  private static long startServer(Path dir) {
    LauncherCopy.Run run =
        launcher.run(
            tmp, Map.of(), "serve", "--index", dir.toString(), "--port", "0", "--background");
    assertEquals(0, run.exit(), run::toString);
    assertTrue(run.outText().startsWith("serving " + dir + " on http://127.0.0.1:"), run::toString);
    Matcher m = STARTED.matcher(run.outText());
    assertTrue(m.find(), run::toString);
    assertTrue(
        Files.isRegularFile(dir.resolve(ServerAddress.FILE)),
        "the address is written before it is ready");
    return Long.parseLong(m.group(1));
  }

  private static void stopServer(long pid) throws Exception {
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
    process.destroy(); // SIGTERM
    process.onExit().get(60, TimeUnit.SECONDS);
  }

  /**
   * Runs {@code args} warm (asserting that no JVM of its own ran) and cold, and asserts the same
   * bytes and status.
   */
  private static LauncherCopy.Run same(Path cwd, String... args) throws IOException {
    LauncherCopy.Run warm = run(cwd, true, args);
    LauncherCopy.Run cold = run(cwd, false, args);
    String what = String.join(" ", args);
    assertEquals(cold.exit(), warm.exit(), () -> what + ": cold " + cold + "\nwarm " + warm);
    assertArrayEquals(
        cold.out(), warm.out(), () -> what + ": stdout, cold " + cold + "\nwarm " + warm);
    assertArrayEquals(
        cold.err(), warm.err(), () -> what + ": stderr, cold " + cold + "\nwarm " + warm);
    return cold;
  }

  /** Runs warm or cold, asserting which way it went. */
  private static LauncherCopy.Run run(Path cwd, boolean warm, String... args) throws IOException {
    Path phases = tmp.resolve("phases-" + phaseFiles++);
    LauncherCopy.Run run =
        launcher.run(
            cwd,
            warm
                ? new String[] {"STEPINDEX_PHASES", phases.toString()}
                : new String[] {"STEPINDEX_PHASES", phases.toString(), "STEPINDEX_SERVER", "off"},
            args);
    assertEquals(
        !warm,
        Files.exists(phases),
        () ->
            String.join(" ", args)
                + (warm ? ": answered by a JVM of its own" : ": not answered by a JVM of its own")
                + "\n"
                + run);
    return run;
  }

  private static String idx() {
    return index.toString();
  }

  @Test
  void everyFormatOfEveryQueryCommandIsTheSameBytesWarmAndCold() throws IOException {
    for (String format : new String[] {"table", "json", "csv"}) {
      assertEquals(
          0,
          same(tmp, "count", "--index", idx(), "--step", "16", "--format", format, "zorblax")
              .exit());
      same(
          tmp,
          "count",
          "--index=" + idx(),
          "--from",
          "3",
          "--to",
          "21",
          "--format",
          format,
          "\"quasar nebula\"");
      same(
          tmp,
          "count",
          "--index",
          idx(),
          "--queries",
          queries.toString(),
          "--steps",
          "0,5,16,38",
          "--format",
          format);
      same(tmp, "timeline", "--index", idx(), "--format", format, "galaxy");
      same(tmp, "cooccur", "--index", idx(), "--step", "20", "--format", format, "galaxy", "the");
    }
    same(
        tmp, "count", "--index", idx(), "--step", "16", "--view", "tokens", "--encode", " zorblax");
    same(tmp, "cooccur", "--index", idx(), "--step", "37", "--window", "3", "galaxy", "of");
    same(tmp, "count", "--index", idx(), "--step", "16", "caf\u00e9 na\u00efve \u00fcber");
    assertTrue(
        same(tmp, "stats", "--index", idx())
            .outText()
            .startsWith("index          " + idx() + "\n"));
    same(tmp, "stats", "--index", idx(), "--json");
    // A NUL in a query comes back in the answer: the launcher writes it back from a short answer
    // that bash reads itself, and head(1) copies an answer over 4 KB.
    byte[] lines = "the\0x\ngalaxy\n".getBytes(StandardCharsets.UTF_8);
    for (int copies : new int[] {1, 300}) {
      Path file = Files.write(tmp.resolve("nul-" + copies + ".txt"), repeat(lines, copies));
      byte[] out =
          same(tmp, "count", "--index", idx(), "--queries", file.toString(), "--step", "16").out();
      assertEquals(copies > 1, out.length > 4096, () -> out.length + " bytes");
      assertTrue(new String(out, StandardCharsets.UTF_8).contains("the\0x"));
    }
  }

  private static byte[] repeat(byte[] bytes, int copies) {
    byte[] all = new byte[bytes.length * copies];
    for (int i = 0; i < copies; i++) {
      System.arraycopy(bytes, 0, all, i * bytes.length, bytes.length);
    }
    return all;
  }

  /**
   * The history commands read the training data the manifest records (absolute here): answered warm
   * alike.
   */
  @Test
  void historyCommandsAreTheSameBytesWarmAndCold() throws IOException {
    for (String format : new String[] {"table", "json", "csv"}) {
      assertEquals(
          0,
          same(
                  tmp,
                  "find",
                  "--index",
                  idx(),
                  "--step",
                  "5",
                  "--limit",
                  "3",
                  "--format",
                  format,
                  "the")
              .exit());
      assertEquals(
          0,
          same(
                  tmp,
                  "exposures",
                  "--index",
                  idx(),
                  "--step",
                  "20",
                  "--nth",
                  "1,5",
                  "--per",
                  "every:8",
                  "--format",
                  format,
                  "galaxy")
              .exit());
      assertEquals(
          0,
          same(
                  tmp,
                  "next",
                  "--index",
                  idx(),
                  "--step",
                  "38",
                  "--top",
                  "5",
                  "--format",
                  format,
                  "--encode",
                  " plus")
              .exit());
    }
    assertEquals(2, same(tmp, "find", "--index", idx(), "--step", "99", "the").exit());
    assertEquals(2, same(tmp, "exposures", "--index", idx(), "--step", "9", "\"unclosed").exit());
    assertEquals(2, same(tmp, "next", "--index", idx(), "--step", "9", "--encode", "").exit());
  }

  @Test
  void errorsAreTheSameLineAndStatusWarmAndCold() throws IOException {
    assertEquals(2, same(tmp, "count", "--index", idx(), "--step", "39", "zorblax").exit());
    assertEquals(2, same(tmp, "count", "--index", idx(), "--step", "9", "\"unclosed").exit());
    assertEquals(
        2, same(tmp, "count", "--index", idx(), "--step", "9", "--view", "entities", "x").exit());
    assertEquals(2, same(tmp, "timeline", "--index", idx(), "--steps", "1,99", "galaxy").exit());
    assertEquals(2, same(tmp, "cooccur", "--index", idx(), "--step", "9", "galaxy").exit());
    assertEquals(
        2, same(tmp, "count", "--index", idx(), "--step", "9", "--no-such-option", "x").exit());
    assertEquals(2, same(tmp, "count", "--index", idx(), "x").exit(), "a step is required");
    Path bad = Files.writeString(tmp.resolve("bad.txt"), "galaxy\n\"unclosed\n(a OR\nthe\n");
    LauncherCopy.Run lines =
        same(tmp, "count", "--index", idx(), "--queries", bad.toString(), "--step", "9");
    assertEquals(2, lines.exit());
    assertEquals(3, lines.errText().lines().count(), lines::toString);
    assertEquals(
        0,
        same(
                tmp,
                "count",
                "--index",
                idx(),
                "--queries",
                bad.toString(),
                "--step",
                "9",
                "--skip-bad")
            .exit());
    // --help with --index: the launcher finds the server by the index named (without one, nothing
    // is asked)
    assertEquals(0, same(tmp, "count", "--index", idx(), "--help").exit());
  }

  /**
   * A relative path is answered warm from the server's own directory (where it was started, here
   * {@code tmp}) and cold from any other; a pipe the server would read as its own is never sent;
   * the same answers either way.
   */
  @Test
  void whatTheServerCannotSeeAsTheCallerDoesIsAnsweredCold() throws IOException {
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.copy(queries, elsewhere.resolve("queries.txt"));
    LauncherCopy.Run here =
        same(tmp, "count", "--index", "index", "--queries", "queries.txt", "--step", "9");
    assertEquals(0, here.exit(), here::toString);
    LauncherCopy.Run cold =
        run(
            elsewhere,
            false,
            "count",
            "--index",
            "../index",
            "--queries",
            "queries.txt",
            "--step",
            "9");
    LauncherCopy.Run declined =
        run(
            elsewhere,
            false,
            "count",
            "--index",
            "../index",
            "--queries",
            "queries.txt",
            "--step",
            "9");
    assertArrayEquals(here.out(), cold.out());
    assertArrayEquals(cold.out(), declined.out());
    // No STEPINDEX_SERVER=off, and still a JVM of its own: the server declined.
    Path phases = tmp.resolve("phases-declined");
    LauncherCopy.Run asked =
        launcher.run(
            elsewhere,
            new String[] {"STEPINDEX_PHASES", phases.toString()},
            "count",
            "--index",
            "../index",
            "--queries",
            "queries.txt",
            "--step",
            "9");
    assertTrue(Files.exists(phases), "declined, so answered cold: " + asked);
    assertArrayEquals(cold.out(), asked.out());
    // The index named relatively from elsewhere is the server's: a query without files is answered
    // warm.
    same(elsewhere, "count", "--index", "../index", "--step", "9", "zorblax");
    Path other = tmp.resolve("another-locale");
    LauncherCopy.Run locale =
        launcher.run(
            tmp,
            new String[] {"STEPINDEX_PHASES", other.toString(), "LC_ALL", "C"},
            "count",
            "--index",
            idx(),
            "--step",
            "9",
            "zorblax");
    assertEquals(0, locale.exit(), locale::toString);
    assertTrue(
        Files.exists(other) || "C".equals(System.getenv("LC_ALL")),
        "another locale is answered cold");
  }

  @Test
  void aServerKilledWithSigkillLeavesAnAddressTheNextCommandIgnoresAndRemoves() throws Exception {
    Path killed = tmp.resolve("killed");
    LauncherCopy.copyTree(SmallCorpus.get().index, killed);
    long pid = startServer(killed);
    LauncherCopy.Run warm =
        run(tmp, true, "count", "--index", killed.toString(), "--step", "16", "zorblax");
    assertEquals(0, warm.exit(), warm::toString);
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
    assertTrue(process.destroyForcibly()); // SIGKILL: no shutdown hook runs
    process.onExit().get(60, TimeUnit.SECONDS);
    Path address = killed.resolve(ServerAddress.FILE);
    assertTrue(Files.exists(address), "SIGKILL leaves the address behind");
    LauncherCopy.Run after =
        launcher.run(
            tmp, new String[] {}, "count", "--index", killed.toString(), "--step", "16", "zorblax");
    assertEquals(0, after.exit(), after::toString);
    assertArrayEquals(warm.out(), after.out());
    assertEquals("", after.errText());
    assertFalse(Files.exists(address), "the stale address is removed");

    // An address naming a live server with another start token: stale too (another server took the
    // port).
    List<String> live =
        Files.readAllLines(index.resolve(ServerAddress.FILE), StandardCharsets.UTF_8);
    String[] fields = live.getFirst().split(" ");
    Files.writeString(
        address,
        String.join(" ", fields[0], fields[1], fields[2], fields[3], "0".repeat(32)) + "\n");
    LauncherCopy.Run foreign =
        launcher.run(
            tmp, new String[] {}, "count", "--index", killed.toString(), "--step", "16", "zorblax");
    assertArrayEquals(warm.out(), foreign.out(), foreign::toString);
    assertFalse(Files.exists(address), "an address with another server's token is removed");
  }

  @Test
  void stepindexServerOffAlwaysRunsAJvmOfItsOwn() throws IOException {
    LauncherCopy.Run off = run(tmp, false, "stats", "--index", idx());
    assertEquals(0, off.exit(), off::toString);
  }

  @Test
  void aServerStoppedWithSigtermRemovesItsAddress() throws Exception {
    Path stopped = tmp.resolve("stopped");
    LauncherCopy.copyTree(SmallCorpus.get().index, stopped);
    long pid = startServer(stopped);
    List<String> lines = Files.readAllLines(stopped.resolve(ServerAddress.FILE));
    assertEquals(1, lines.size());
    assertTrue(
        lines
            .getFirst()
            .matches("stepindex-server 1 http://127\\.0\\.0\\.1:[0-9]+ " + pid + " [0-9a-f]{32}"),
        lines::toString);
    assertEquals(
        "rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(stopped.resolve(ServerAddress.FILE))),
        "only its user may learn the token");
    stopServer(pid);
    assertFalse(Files.exists(stopped.resolve(ServerAddress.FILE)));
    List<String> left = new ArrayList<>();
    try (var files = Files.list(stopped)) {
      files
          .filter(f -> f.getFileName().toString().startsWith(ServerAddress.FILE))
          .forEach(f -> left.add(f.toString()));
    }
    assertEquals(List.of(), left, "no temporary file either");
  }
}
