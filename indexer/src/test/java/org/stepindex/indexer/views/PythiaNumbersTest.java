package org.stepindex.indexer.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stepindex.indexer.views.BruteForce.assertOneLineError;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.Json;

/**
 * The {@code pythia-numbers} rule ({@code run_freq_count.py}): hand-computed cases for each clause,
 * an independent scanner ({@link BruteForce#pythiaCounts}) on random lines, and, where {@code
 * python3} is on the machine, Python's own {@code re} running the script's regular expressions as
 * the oracle.
 */
class PythiaNumbersTest {

  private static void assertCounts(String line, Map<String, Integer> expected) {
    assertEquals(expected, BruteForce.histogram(PythiaNumbers.terms(line)), line);
    assertEquals(expected, BruteForce.pythiaCounts(line), "brute force on " + line);
  }

  private static Map<String, Integer> counts(Object... keysAndCounts) {
    Map<String, Integer> map = new HashMap<>();
    for (int i = 0; i < keysAndCounts.length; i += 2) {
      map.put((String) keysAndCounts[i], (Integer) keysAndCounts[i + 1]);
    }
    return map;
  }

  @Test
  void aNumberOneToThreeWordsAndANumberMakeAWindow() {
    assertCounts(" 7 plus 12", counts("7", 1, "12", 1, "7-12", 1));
    assertCounts(" 7 a b c 12", counts("7", 1, "12", 1, "7-12", 1));
    assertCounts(" 7 a b c d 12", counts());
    assertCounts(" 7 12", counts()); // no word between
    assertCounts(
        "7 plus 12", counts()); // the leading space is the line's: windows start at a space
    assertCounts("", counts());
  }

  @Test
  void windowsStartAtEverySpaceAndOverlap() {
    // " 1 a 2 b 3" takes three middle words (greedy); " 2 b 3" is a second window
    assertCounts(" 1 a 2 b 3", counts("1", 1, "2", 2, "3", 2, "1-2", 1, "1-3", 1, "2-3", 2));
    // greedy: the most words that a digit follows; " 3 days 4 weeks" stops after "days"
    assertCounts(" 3 days 4 weeks", counts("3", 1, "4", 1, "3-4", 1, "3-day", 1, "4-week", 1));
  }

  @Test
  void digitRunsSplitIntoChunksOfFiveAndLeadingZerosVanish() {
    assertCounts(
        " 1234567 x 5", counts()); // the first number must be one to five digits then a space
    assertCounts(
        " 5 x 1234567", counts("5", 1, "12345", 1, "5-12345", 1)); // the last takes five digits
    // digits inside a middle word count too, chunked: 5, 12345, 6, 7
    assertCounts(
        " 5 ab123456c 7",
        counts(
            "5", 1, "6", 1, "7", 1, "12345", 1, "5-6", 1, "5-7", 1, "5-12345", 1, "6-7", 1,
            "6-12345", 1, "7-12345", 1));
    // int("007") is 7: the same number twice counts twice, and the pair 7-7 once
    assertCounts(" 007 plus 7", counts("7", 2, "7-7", 1));
  }

  @Test
  void punctuationIsAWordCharacterOtherSymbolsAreNot() {
    assertCounts(" 3 + 4", counts("3", 1, "4", 1, "3-4", 1));
    assertCounts(" 3 (a), 4", counts("3", 1, "4", 1, "3-4", 1));
    assertCounts(" 3 \u00a9 4", counts()); // © is neither \w nor string.punctuation
    assertCounts(" 3 \u20ac5 4", counts()); // nor is €
  }

  @Test
  void unicodeDigitsWordsAndSpacesAreWhatPythonCallsThem() {
    // Arabic-Indic ١٢ is \d and int() reads it as 12
    assertCounts(" \u0661\u0662 plus \u0663", counts("3", 1, "12", 1, "3-12", 1));
    // superscript two is \w (No) but not \d
    assertCounts(" 7 x\u00b2 9", counts("7", 1, "9", 1, "7-9", 1));
    // a combining mark is not \w in Python (it is in Java's UNICODE_CHARACTER_CLASS)
    assertCounts(" 7 e\u0301 9", counts());
    // a no-break space and U+001C are \s for Python; the number must still be followed by a plain
    // space
    assertCounts(" 7 plus\u00a09", counts("7", 1, "9", 1, "7-9", 1));
    assertCounts(" 7 plus\u001c9", counts("7", 1, "9", 1, "7-9", 1));
    assertCounts(" 7\u00a0plus 9", counts());
    assertCounts(" 7 plus\u200b9", counts()); // zero width space is no \s
  }

  @Test
  void timeUnitsAreLazyPrefixMatchesInBothOrders() {
    assertCounts(" 5 minutes", counts("5-minute", 1));
    assertCounts(" 5 long hours", counts("5-hour", 1));
    // findall over the window also finds the unit inside "birthday"
    assertCounts(" 5 birthday hours", counts("5-day", 1, "5-hour", 1));
    assertCounts(" minute 3", counts("3-minute", 1));
    assertCounts(
        " minutes 3", counts()); // the unit-first pattern needs a space right after the unit
    assertCounts(" decade of 10 a", counts("10-decade", 1));
    assertCounts(" 5 a b c years", counts("5-year", 1));
    assertCounts(" 5 a b c d years", counts());
  }

  @Test
  void theLineIsTheCleanedUpDecodedSequenceAfterASpace() {
    assertEquals(
        " a. b? c! d, e'f don't I'm it's we've they're",
        PythiaNumbers.line("a . b ? c ! d , e ' f do n't I 'm it 's we 've they 're"));
    assertEquals(" it's", PythiaNumbers.line("it ' s")); // " ' " goes before " 's"
    // without the clean-up " 5 , 6" would be a window; the script saw " 5, 6"
    assertCounts(PythiaNumbers.line("a 5 , 6"), counts());
    assertCounts(" a 5 , 6", counts("5", 1, "6", 1, "5-6", 1));
    // a window spans the end of a document, as in the script's text
    assertCounts(
        PythiaNumbers.line("I ate 5 apples.<|endoftext|>Then 3 more"),
        counts("3", 1, "5", 1, "3-5", 1));
  }

  @Test
  void agreesWithTheBruteForceOnRandomLines() {
    ScriptLines lines = new ScriptLines(20240601);
    int keys = 0;
    for (int i = 0; i < 3000; i++) {
      String line = PythiaNumbers.line(lines.next());
      List<String> terms = PythiaNumbers.terms(line);
      assertEquals(BruteForce.pythiaCounts(line), BruteForce.histogram(terms), line);
      keys += terms.size();
    }
    assertTrue(keys > 10_000, "the random lines must exercise windows, got " + keys + " keys");
  }

  /**
   * Python's {@code re} running the script's expressions on the same random lines, when python3 is
   * installed.
   */
  @Test
  void agreesWithPythonsReWhenPythonIsPresent(@TempDir Path dir) throws Exception {
    ScriptLines random = new ScriptLines(7);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      lines.add(PythiaNumbers.line(random.next()));
    }
    ObjectMapper json = Json.mapper();
    List<Map<String, Integer>> python =
        json.readValue(
            runPython(dir, ORACLE, json.writeValueAsString(lines)),
            new TypeReference<List<Map<String, Integer>>>() {});
    for (int i = 0; i < lines.size(); i++) {
      assertEquals(
          python.get(i), BruteForce.histogram(PythiaNumbers.terms(lines.get(i))), lines.get(i));
    }
  }

  /**
   * Python's {@code \d}, {@code \w} and {@code \s} against the classes used here, for every code
   * point.
   */
  @Test
  void characterClassesAreThoseOfPythonWhenPythonIsPresent(@TempDir Path dir) throws Exception {
    String out = runPython(dir, CLASSES, "");
    int compared = 0;
    for (String row : out.split("\n")) {
      String[] f = row.split(" ");
      int cp = Integer.parseInt(f[0]);
      if (Character.getType(cp) == Character.UNASSIGNED) {
        continue; // assigned in Python's Unicode version, not in Java's: cannot happen, but would
        // not be a mismatch
      }
      String c = Character.toString(cp);
      boolean d = f[1].equals("1");
      boolean w = f[2].equals("1");
      boolean s = f[3].equals("1");
      boolean p = f[4].equals("1");
      String hex = "U+" + Integer.toHexString(cp);
      // a window " 1 a X" needs X to be \d; " 1 aXb 2" needs it inside a word or a space; " 1 aX2"
      // a space
      assertEquals(d, !PythiaNumbers.terms(" 1 a " + c).isEmpty(), "\\d of " + hex);
      assertEquals(
          w || p || s,
          !PythiaNumbers.terms(" 1 a" + c + "b 2").isEmpty(),
          "\\w, punctuation of " + hex);
      assertEquals(s, !PythiaNumbers.terms(" 1 a" + c + "2").isEmpty(), "\\s of " + hex);
      compared++;
    }
    assertTrue(compared > 100_000, "compared " + compared);
  }

  /**
   * Reads JSON lines on stdin, prints each line's counts with the study's expressions (written for
   * this test).
   */
  private static final String ORACLE =
      """
      import json, re, string, sys, itertools
      time = "minute|hour|day|week|month|year|decade"
      p = re.escape(string.punctuation)
      win = re.compile(rf'(?=( (\\d){{1,5}} ((\\w|[{p}])+\\s+){{1,3}}(\\d){{1,5}}))')
      ta = re.compile(rf'(?=( (\\d){{1,5}} ((\\w|[{p}])+\\s+){{0,3}}?({time})))')
      tb = re.compile(rf'(?=( ({time}) ((\\w|[{p}])+\\s+){{0,3}}?(\\d){{1,5}}))')
      out = []
      for line in json.load(sys.stdin):
          c = {}
          for w in [m.group(1) for m in win.finditer(line)]:
              ns = sorted(int(i) for i in re.findall(r'\\d{1,5}', w))
              for n in ns:
                  c[str(n)] = c.get(str(n), 0) + 1
              for a, b in itertools.combinations(ns, 2):
                  c[f'{a}-{b}'] = c.get(f'{a}-{b}', 0) + 1
          for r in (ta, tb):
              for w in [m.group(1) for m in r.finditer(line)]:
                  ns = sorted(int(i) for i in re.findall(r'\\d{1,5}', w))
                  for n in ns:
                      for u in re.findall(time, w):
                          c[f'{n}-{u}'] = c.get(f'{n}-{u}', 0) + 1
          out.append(c)
      print(json.dumps(out))
      """;

  /**
   * Prints, for every assigned code point but the surrogates: cp, \d, \w, \s, ASCII punctuation (1
   * or 0).
   */
  private static final String CLASSES =
      """
      import re, string, sys, unicodedata
      d, w, s = re.compile(r'\\d'), re.compile(r'\\w'), re.compile(r'\\s')
      rows = []
      for cp in range(sys.maxunicode + 1):
          ch = chr(cp)
          if unicodedata.category(ch) in ('Cn', 'Cs'):
              continue
          f = lambda r: '1' if r.match(ch) else '0'
          rows.append(f"{cp} {f(d)} {f(w)} {f(s)} {'1' if ch in string.punctuation else '0'}")
      print("\\n".join(rows))
      """;

  private static String runPython(Path dir, String program, String stdin)
      throws IOException, InterruptedException {
    Path script = dir.resolve("oracle.py");
    Files.writeString(script, program);
    Process process;
    try {
      process = new ProcessBuilder("python3", script.toString()).redirectErrorStream(false).start();
    } catch (IOException e) {
      Assumptions.abort("python3 is not installed: " + e.getMessage());
      throw e;
    }
    Path out = dir.resolve("out.json");
    try (var in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    Files.copy(process.getInputStream(), out);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "python3 did not finish");
    assertEquals(0, process.exitValue(), err);
    return Files.readString(out);
  }

  @Test
  void normalizesQueriesToTheScriptsKeys() {
    assertEquals("12", PythiaNumbers.normalizeQuery("12"));
    assertEquals("12", PythiaNumbers.normalizeQuery(" 12 "));
    assertEquals("7", PythiaNumbers.normalizeQuery("007"));
    assertEquals("0", PythiaNumbers.normalizeQuery("000"));
    assertEquals("7-12", PythiaNumbers.normalizeQuery("12-7"));
    assertEquals("7-12", PythiaNumbers.normalizeQuery("7-12"));
    assertEquals("7-12", PythiaNumbers.normalizeQuery("12 7"));
    assertEquals("7-12", PythiaNumbers.normalizeQuery("12 - 7"));
    assertEquals("9-10", PythiaNumbers.normalizeQuery("10 9"));
    assertEquals("7-7", PythiaNumbers.normalizeQuery("7 007"));
    assertEquals("12-minute", PythiaNumbers.normalizeQuery("12-minute"));
    assertEquals("12-minute", PythiaNumbers.normalizeQuery("12 Minutes"));
    assertEquals("3-decade", PythiaNumbers.normalizeQuery("3-decades"));
    // a normalized query is exactly a key terms() produces
    assertTrue(PythiaNumbers.terms(" 12 plus 7").contains(PythiaNumbers.normalizeQuery("12 7")));
    assertTrue(
        PythiaNumbers.terms(" 12 minutes").contains(PythiaNumbers.normalizeQuery("12 minutes")));
    for (String junk :
        new String[] {
          "",
          "abc",
          "1-2-3",
          "3.5",
          "\u0661\u0662",
          "-5",
          "12 plus 7",
          "1,000",
          "12-seconds",
          "minute-12"
        }) {
      assertOneLineError(() -> PythiaNumbers.normalizeQuery(junk), "'" + junk + "'");
    }
    assertOneLineError(() -> PythiaNumbers.normalizeQuery("123456"), "five digits");
    assertOneLineError(() -> PythiaNumbers.normalizeQuery(null), "pythia-numbers query");
  }

  /**
   * Random decoded sequences full of what the rule must get right: numbers of one to seven digits
   * with and without leading zeros, non-ASCII digits, punctuation words, symbols that are no word,
   * Unicode spaces, combining marks, time units (plural, inside words, before and after numbers),
   * the clean-up's patterns and document ends.
   */
  static final class ScriptLines {
    private static final String[] PIECES = {
      "the",
      "plus",
      "a",
      "x",
      "It",
      "days",
      "day",
      "hour",
      "hours",
      "minute",
      "minutes",
      "weeks",
      "month",
      "year",
      "decade",
      "decades",
      "birthday",
      "hourly",
      "7",
      "12",
      "007",
      "0",
      "3",
      "42",
      "99999",
      "123456",
      "1234567",
      "5",
      "10",
      "\u0661\u0662",
      "\uff17",
      "\u0967",
      "x\u00b2",
      "e\u0301",
      "+",
      "(",
      ")",
      ",",
      ".",
      "'",
      "n't",
      "'s",
      "'re",
      "\u00a9",
      "\u20ac",
      "%",
      "-",
      "12:30",
      "3.5",
      "1,000",
      "<|endoftext|>",
      "_",
      "ab12c"
    };
    private static final String[] GAPS = {
      " ", " ", " ", " ", " ", " ", " ", "", "", "  ", "\n", "\t", "\u00a0", "\u2009", "\u3000",
      "\u001c", "\u0085", "\u200b", " \n "
    };

    private final Random random;

    ScriptLines(long seed) {
      random = new Random(seed);
    }

    String next() {
      int pieces = 1 + random.nextInt(40);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < pieces; i++) {
        text.append(PIECES[random.nextInt(PIECES.length)])
            .append(GAPS[random.nextInt(GAPS.length)]);
      }
      return text.toString();
    }
  }
}
