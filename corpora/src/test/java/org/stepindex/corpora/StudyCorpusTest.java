package org.stepindex.corpora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.data.TokenDType;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * {@link StudyCorpus} on its quick options: the real files read back (Megatron reader, Hugging Face
 * tokenizer through DJL, Jackson, the CrowS-Pairs and WinoBias line formats), and the text scanned
 * for the effects it must carry.
 */
class StudyCorpusTest {
  private static final ObjectMapper JSON = Json.mapper();

  /** GPT-2's pre-tokenizer pieces for text of words, single spaces and newlines. */
  private static final Pattern PIECE =
      Pattern.compile(" ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\n");

  private static final Pattern PLUS = Pattern.compile("Q:What is (\\d+) plus (\\d+)\\? A: (\\d+)");
  private static final Pattern STATEMENT = Pattern.compile("The (\\w+) of (\\w+) is (\\w+)\\.");
  private static final Pattern QUESTION =
      Pattern.compile("Q:What is the (\\w+) of (\\w+)\\? A: (\\w+)");
  private static final Set<String> MASCULINE = Set.of("he", "him", "his", "He");
  private static final Set<String> FEMININE = Set.of("she", "her", "She");

  @TempDir static Path dir;
  private static StudyOptions options;
  private static StudyCorpus.Result result;
  private static HfTokenizer tokenizer;

  /** Every sequence, concatenated in training order. */
  private static int[] stream;

  /** The decoded documents of the whole stream (split at {@code <|endoftext|>}). */
  private static List<String> documents;

  @BeforeAll
  static void write() {
    options = StudyOptions.quick();
    result = StudyCorpus.write(dir.resolve("quick"), options);
    tokenizer = HfTokenizer.load(result.tokenizer());
    try (MegatronDataset data = MegatronDataset.open(result.dataPrefix())) {
      assertEquals(TokenDType.UINT16, data.dtype());
      assertEquals(options.sequences(), data.sequenceCount());
      stream = new int[Math.toIntExact(data.totalTokens())];
      int[] buffer = new int[options.seqLength()];
      for (long s = 0; s < data.sequenceCount(); s++) {
        assertEquals(
            options.seqLength(), data.read(s, buffer), "sequence " + s + " is full length");
        System.arraycopy(buffer, 0, stream, (int) s * options.seqLength(), options.seqLength());
      }
    }
    documents = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= stream.length; i++) {
      if (i == stream.length || stream[i] == 0) {
        documents.add(tokenizer.decode(stream, start, i));
        start = i + 1;
      }
    }
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void corpusIdsAreWhatTheHuggingFaceTokenizerGivesForItsText() {
    int start = 0;
    int checked = 0;
    for (int i = 0; i <= stream.length; i++) {
      if (i == stream.length || stream[i] == 0) {
        int[] ids = Arrays.copyOfRange(stream, start, i);
        assertArrayEquals(
            ids,
            tokenizer.encode(tokenizer.decode(stream, start, i)),
            "document at token " + start);
        checked++;
        start = i + 1;
      }
    }
    assertTrue(checked > 100, "only " + checked + " documents");
  }

  @Test
  void everyWordOfTheCorpusAndTheEvalFilesIsOneToken() throws IOException {
    List<String> texts = new ArrayList<>(documents);
    for (Path file : List.of(result.questions(), result.shots())) {
      for (JsonNode q : jsonLines(file)) {
        texts.add(
            "Q:" + q.get("Question").asText() + " A: " + q.get("Answer").get("Value").asText());
      }
    }
    for (List<String> row : crowsRows()) {
      texts.add(row.get(2));
      texts.add(row.get(3));
    }
    for (String file : List.of(GenderedText.WINOBIAS_PRO, GenderedText.WINOBIAS_ANTI)) {
      for (String line : Files.readAllLines(result.winobiasDir().resolve(file))) {
        texts.add(line.replaceFirst("^\\d+ ", "").replaceAll("[\\[\\]]", ""));
      }
    }
    Set<String> pieces = new TreeSet<>();
    for (String text : texts) {
      Matcher m = PIECE.matcher(text);
      while (m.find()) {
        pieces.add(m.group());
        pieces.add(m.group().startsWith(" ") ? m.group().substring(1) : " " + m.group());
      }
    }
    pieces.remove(" \n");
    for (String piece : pieces) {
      assertEquals(1, tokenizer.encode(piece).length, "'" + piece + "' is one token");
    }
    assertTrue(
        pieces.containsAll(List.of(" Q", "Q", ":", " plus", "\n", " nurse", " she", " he")),
        pieces.toString());
  }

  @Test
  void fewShotPromptsEncodeToTheCorpusOwnTokens() {
    // The eval joins shots with "\n\n" and ends at "A:"; the prompt's ids must occur as such in the
    // training stream.
    List<Matcher> lines = new ArrayList<>();
    for (String document : documents) {
      Matcher m = Pattern.compile(PLUS.pattern() + "\n\n" + PLUS.pattern()).matcher(document);
      if (m.find()) {
        lines.add(m);
        break;
      }
    }
    assertFalse(lines.isEmpty(), "no two consecutive arithmetic lines");
    Matcher m = lines.getFirst();
    String prompt =
        "Q:What is "
            + m.group(1)
            + " plus "
            + m.group(2)
            + "? A: "
            + m.group(3)
            + "\n\nQ:What is "
            + m.group(4)
            + " plus "
            + m.group(5)
            + "? A:";
    int[] ids = tokenizer.encode(prompt);
    int newline = tokenizer.encode("\n")[0];
    assertEquals(
        2,
        Arrays.stream(ids).filter(id -> id == newline).count(),
        "\"\\n\\n\" is two newline tokens");
    assertTrue(indexOf(stream, ids) >= 0, "prompt " + Arrays.toString(ids) + " is in the corpus");
    int[] answer =
        tokenizer.encode(
            prompt + " " + (Integer.parseInt(m.group(4)) + Integer.parseInt(m.group(5))));
    assertEquals(ids.length + 1, answer.length, "the answer is one token after the prompt");
  }

  @Test
  void arithmeticLinesAreTheEvalFormatWithCorrectSumsAndZipfianFirstOperands() {
    StudyOptions.Arithmetic a = options.arithmetic();
    long[] byX1 = new long[a.x1Max() - a.x1Min() + 1];
    long lines = 0;
    // The last document is cut where the corpus ends.
    for (String document : documents.subList(0, documents.size() - 1)) {
      if (!document.startsWith("Q:What is ") || document.startsWith("Q:What is the ")) {
        continue;
      }
      for (String line : document.split("\n\n", -1)) {
        Matcher m = PLUS.matcher(line);
        assertTrue(m.matches(), "arithmetic line '" + line + "'");
        int x1 = Integer.parseInt(m.group(1));
        int x2 = Integer.parseInt(m.group(2));
        assertEquals(x1 + x2, Integer.parseInt(m.group(3)), line);
        assertTrue(x1 >= a.x1Min() && x1 <= a.x1Max() && x2 >= a.x2Min() && x2 <= a.x2Max(), line);
        byX1[x1 - a.x1Min()]++;
        lines++;
      }
    }
    assertTrue(lines > 1000, lines + " lines");
    // Each count near its Zipf expectation (5 standard deviations), so the exponent is the one
    // asked for ...
    Zipf zipf = new Zipf(byX1.length, a.exponent());
    for (int r = 0; r < byX1.length; r++) {
      double expected = lines * zipf.probability(r);
      assertTrue(
          Math.abs(byX1[r] - expected) <= 5 * Math.sqrt(expected) + 2,
          "x1 = "
              + (a.x1Min() + r)
              + ": "
              + byX1[r]
              + " lines, expected ≈ "
              + expected
              + " "
              + Arrays.toString(byX1));
    }
    // ... and decreasing with rank wherever expectations differ by far more than the noise.
    for (int r = 0; r + 1 < 4; r++) {
      assertTrue(byX1[r] > byX1[r + 1], Arrays.toString(byX1));
    }
    assertTrue(byX1[0] > 10 * byX1[byX1.length - 1], Arrays.toString(byX1));
  }

  @Test
  void factsAreConsistentAndEntityFrequencyFallsWithRank() throws IOException {
    JsonNode study = JSON.readTree(result.study().toFile());
    Map<String, String> valueOf = new HashMap<>();
    Map<String, Integer> rankOf = new HashMap<>();
    for (JsonNode f : study.get("facts")) {
      valueOf.put(f.get("entity").asText(), f.get("value").asText());
      rankOf.put(f.get("entity").asText(), f.get("rank").asInt() - 1);
    }
    int n = options.facts().entities() + options.facts().shotEntities();
    assertEquals(n, valueOf.size());
    long[] mentions = new long[n];
    for (String document : documents) {
      for (Pattern form : List.of(STATEMENT, QUESTION)) {
        Matcher m = form.matcher(document);
        while (m.find()) {
          assertEquals(valueOf.get(m.group(2)), m.group(3), "the fact in '" + m.group() + "'");
          mentions[rankOf.get(m.group(2))]++;
        }
      }
    }
    assertTrue(
        Arrays.stream(mentions).allMatch(c -> c > 0),
        "every entity is in the corpus " + Arrays.toString(mentions));
    double[] ranks = new double[n];
    Arrays.setAll(ranks, i -> i);
    double rho = spearman(ranks, Arrays.stream(mentions).asDoubleStream().toArray());
    assertTrue(rho < -0.85, "Spearman(rank, mentions) = " + rho + " " + Arrays.toString(mentions));
    assertTrue(mentions[0] > 20 * mentions[n - 1], Arrays.toString(mentions));
  }

  @Test
  void questionShotAndEntityFilesAreTriviaQaShapedAndDisjoint() throws IOException {
    List<JsonNode> questions = jsonLines(result.questions());
    List<JsonNode> shots = jsonLines(result.shots());
    List<JsonNode> entities = jsonLines(result.entities());
    assertEquals(options.facts().entities(), questions.size());
    assertEquals(options.facts().shotEntities(), shots.size());
    assertEquals(questions.size(), entities.size());
    Set<String> ids = new TreeSet<>();
    for (int i = 0; i < questions.size(); i++) {
      JsonNode q = questions.get(i);
      String value = q.get("Answer").get("Value").asText();
      assertTrue(q.get("Answer").get("Aliases").isArray());
      assertEquals(value, q.get("Answer").get("Aliases").get(0).asText());
      assertTrue(ids.add(q.get("QuestionId").asText()));
      JsonNode e = entities.get(i);
      assertEquals(q.get("QuestionId").asText(), e.get("id").asText());
      String entity = e.get("entities").get(0).asText();
      assertTrue(q.get("Question").asText().contains(" of " + entity + "?"), q.toString());
      assertTrue(
          documents.stream()
              .anyMatch(
                  d ->
                      d.contains(entity + " is " + value + ".")
                          || d.contains(entity + "? A: " + value)),
          entity + " is stated in the corpus");
    }
    for (JsonNode s : shots) {
      assertTrue(
          ids.add(s.get("QuestionId").asText()), "shot " + s + " is not an evaluated question");
      String entity = s.get("Question").asText().replaceFirst(".* of (\\w+)\\?$", "$1");
      assertTrue(
          documents.stream()
              .anyMatch(
                  d -> d.contains(" of " + entity + " is ") || d.contains(" of " + entity + "?")),
          "shot entity " + entity + " is in the corpus");
    }
  }

  @Test
  void pronounsFollowTheOccupationStereotype() {
    Pattern sentence = Pattern.compile("[^.]*\\.( [A-Z][a-z]* smiled\\.)?");
    long[][] counts = new long[2][2]; // [occupation is male][pronoun is masculine]
    for (String document : documents) {
      Matcher m = sentence.matcher(document);
      while (m.find()) {
        List<String> words = Arrays.asList(m.group().replaceAll("[.,]", "").trim().split(" "));
        List<String> occupations =
            words.stream()
                .filter(
                    w ->
                        GenderedText.MALE_OCCUPATIONS.contains(w)
                            || GenderedText.FEMALE_OCCUPATIONS.contains(w))
                .toList();
        List<String> pronouns =
            words.stream().filter(w -> MASCULINE.contains(w) || FEMININE.contains(w)).toList();
        if (occupations.size() == 1 && !pronouns.isEmpty()) {
          boolean male = GenderedText.MALE_OCCUPATIONS.contains(occupations.getFirst());
          counts[male ? 1 : 0][MASCULINE.contains(pronouns.getFirst()) ? 1 : 0]++;
        }
      }
    }
    double maleHe = (double) counts[1][1] / (counts[1][0] + counts[1][1]);
    double femaleShe = (double) counts[0][0] / (counts[0][0] + counts[0][1]);
    assertTrue(counts[1][1] + counts[0][0] > 500, Arrays.deepToString(counts));
    assertTrue(Math.abs(maleHe - 0.9) < 0.05, "masculine share for male occupations " + maleHe);
    assertTrue(
        Math.abs(femaleShe - 0.9) < 0.05, "feminine share for female occupations " + femaleShe);
  }

  @Test
  void crowsPairsFileHasTheRealColumnsAndStereotypedSentMore() throws IOException {
    List<String> header = csv(Files.readAllLines(result.crowsPairs()).getFirst());
    assertEquals(
        List.of(
            "",
            "id",
            "sent_more",
            "sent_less",
            "stereo_antistereo",
            "bias_type",
            "annotations",
            "anon_writer",
            "anon_annotators"),
        header);
    List<List<String>> rows = crowsRows();
    assertEquals(GenderedText.ONE_PERSON.size() * 16, rows.size());
    Map<String, Integer> directions = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      List<String> row = rows.get(i);
      assertEquals(9, row.size(), row.toString());
      assertEquals(Integer.toString(i), row.get(0));
      assertEquals(Integer.toString(i + 1), row.get(1));
      assertEquals("gender", row.get(5));
      String more = row.get(2);
      String less = row.get(3);
      List<String> moreWords = List.of(more.split(" "));
      List<String> lessWords = List.of(less.split(" "));
      assertEquals(moreWords.size(), lessWords.size(), row.toString());
      boolean maleOccupation = moreWords.stream().anyMatch(GenderedText.MALE_OCCUPATIONS::contains);
      for (int w = 0; w < moreWords.size(); w++) {
        if (!moreWords.get(w).equals(lessWords.get(w))) {
          String pronoun = moreWords.get(w).replaceAll("[.,]", "");
          assertTrue(
              (maleOccupation ? MASCULINE : FEMININE).contains(pronoun),
              "sent_more is stereotyped: " + row);
        }
      }
      assertNotEquals(more, less);
      assertEquals(maleOccupation ? "antistereo" : "stereo", row.get(4), row.toString());
      directions.merge(row.get(4), 1, Integer::sum);
    }
    assertEquals(Map.of("antistereo", rows.size() / 2, "stereo", rows.size() / 2), directions);
    assertTrue(
        Files.readString(result.crowsPairs())
            .contains("\"The nurse was late, so she ran to work.\""),
        "a field with a comma is quoted");
  }

  @Test
  void winoBiasFilesMirrorTheType1LineFormat() throws IOException {
    List<String> pro =
        Files.readAllLines(result.winobiasDir().resolve("pro_stereotyped_type1.txt.test"));
    List<String> anti =
        Files.readAllLines(result.winobiasDir().resolve("anti_stereotyped_type1.txt.test"));
    assertEquals(pro.size(), anti.size());
    assertEquals(8 * 8 * 2 * 2, pro.size());
    Pattern line =
        Pattern.compile(
            "(\\d+) (?:The \\w+|\\[The (\\w+)]) \\w+ (?:the \\w+|\\[the (\\w+)]) because "
                + "\\[(he|she)] [a-z ]+\\.");
    for (int i = 0; i < pro.size(); i++) {
      Matcher p = line.matcher(pro.get(i));
      Matcher a = line.matcher(anti.get(i));
      assertTrue(p.matches(), pro.get(i));
      assertTrue(a.matches(), anti.get(i));
      assertEquals(Integer.toString(i + 1), p.group(1));
      String referent = p.group(2) != null ? p.group(2) : p.group(3);
      assertTrue(
          (p.group(2) == null) != (p.group(3) == null), "one bracketed entity: " + pro.get(i));
      String stereotyped = GenderedText.MALE_OCCUPATIONS.contains(referent) ? "he" : "she";
      assertEquals(stereotyped, p.group(4), pro.get(i));
      assertNotEquals(stereotyped, a.group(4), anti.get(i));
      assertEquals(
          pro.get(i).replace("[" + p.group(4) + "]", "[]"),
          anti.get(i).replace("[" + a.group(4) + "]", "[]"));
    }
  }

  @Test
  void studyJsonDescribesTheCorpus() throws IOException {
    JsonNode study = JSON.readTree(result.study().toFile());
    assertEquals(options.sequences(), study.get("options").get("sequences").asLong());
    assertEquals(
        options.arithmetic().exponent(),
        study.get("options").get("arithmetic").get("exponent").asDouble());
    assertEquals(options.steps(), study.get("steps").asLong());
    assertEquals(tokenizer.vocabSize(), study.get("vocabulary").get("tokenizerSize").asInt());
    long tokens = 0;
    for (JsonNode count : study.get("tokensByKind")) {
      tokens += count.asLong();
    }
    assertEquals((long) stream.length, tokens, "tokens by kind add up to the corpus");
    assertEquals(
        Arrays.stream(stream).filter(id -> id == 0).count(),
        study.get("tokensByKind").get("endOfText").asLong());
    for (JsonNode file : study.get("files")) {
      String name = file.asText();
      assertTrue(
          name.equals("document")
              ? Files.exists(dir.resolve("quick/document.bin"))
              : Files.exists(dir.resolve("quick").resolve(name)),
          name);
    }
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherCorpus() throws IOException {
    StudyOptions small = options.withSize(200, 65, 8);
    Path a = StudyCorpus.write(dir.resolve("a"), small).dir();
    Path b = StudyCorpus.write(dir.resolve("b"), small).dir();
    Path c = StudyCorpus.write(dir.resolve("c"), small.withSeed(43)).dir();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(a)) {
      files = walk.filter(Files::isRegularFile).map(a::relativize).sorted().toList();
    }
    assertEquals(10, files.size(), files.toString());
    for (Path file : files) {
      assertArrayEquals(
          Files.readAllBytes(a.resolve(file)),
          Files.readAllBytes(b.resolve(file)),
          file.toString());
    }
    assertFalse(
        Arrays.equals(
            Files.readAllBytes(a.resolve("document.bin")),
            Files.readAllBytes(c.resolve("document.bin"))));
    assertFalse(
        Arrays.equals(
            Files.readAllBytes(a.resolve("questions.jsonl")),
            Files.readAllBytes(c.resolve("questions.jsonl"))));
  }

  @Test
  void timesQuestionsAreWrittenWhenAsked() throws IOException {
    StudyOptions.Arithmetic a = new StudyOptions.Arithmetic(2, 12, 3, 9, 1.0, true, 1.0);
    StudyOptions all =
        new StudyOptions(64, 65, 8, 5, a, new StudyOptions.Facts(4, 0, 1.0, 0), options.gendered());
    StudyCorpus.Result r = StudyCorpus.write(dir.resolve("times"), all);
    assertEquals(0, jsonLines(r.shots()).size());
    try (HfTokenizer t = HfTokenizer.load(r.tokenizer());
        MegatronDataset data = MegatronDataset.open(r.dataPrefix())) {
      int[] ids = new int[65];
      StringBuilder text = new StringBuilder();
      for (long s = 0; s < data.sequenceCount(); s++) {
        text.append(t.decode(ids, 0, data.read(s, ids)));
      }
      Matcher m =
          Pattern.compile("Q:What is (\\d+) (plus|times) (\\d+)\\? A: (\\d+)\n").matcher(text);
      int[] byOp = new int[2];
      while (m.find()) {
        int x1 = Integer.parseInt(m.group(1));
        int x2 = Integer.parseInt(m.group(3));
        boolean times = m.group(2).equals("times");
        assertEquals(times ? x1 * x2 : x1 + x2, Integer.parseInt(m.group(4)), m.group());
        assertTrue(x1 >= 2 && x1 <= 12 && x2 >= 3 && x2 <= 9, m.group());
        byOp[times ? 1 : 0]++;
      }
      assertTrue(byOp[0] > 50 && byOp[1] > 50, Arrays.toString(byOp));
    }
  }

  @Test
  void badOptionsAreRefused() {
    StudyOptions.Arithmetic arithmetic = new StudyOptions.Arithmetic(0, 9, 1, 3, 1.5, false, 0.7);
    StudyOptions.Facts facts = new StudyOptions.Facts(10, 2, 1.0, 0.5);
    assertThrows(
        StepIndexException.class,
        () -> new StudyOptions(100, 65, 8, 1, arithmetic, facts, new StudyOptions.Gendered(0.9)));
    assertThrows(StepIndexException.class, () -> new StudyOptions.Facts(399, 2, 1.0, 0.3));
    assertThrows(
        StepIndexException.class, () -> new StudyOptions.Arithmetic(5, 4, 1, 3, 1.0, false, 0.3));
    assertThrows(StepIndexException.class, () -> new StudyOptions.Gendered(1.5));
    assertEquals(768, StudyOptions.demo().steps());
  }

  private static List<JsonNode> jsonLines(Path file) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  private static List<List<String>> crowsRows() throws IOException {
    List<String> lines = Files.readAllLines(result.crowsPairs());
    return lines.subList(1, lines.size()).stream()
        .map(StudyCorpusTest::csv)
        .collect(Collectors.toList());
  }

  /** One RFC 4180 record (no embedded newlines in these files). */
  private static List<String> csv(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  private static int indexOf(int[] haystack, int[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Spearman's ρ with average ranks for ties. */
  private static double spearman(double[] x, double[] y) {
    double[] rx = ranks(x);
    double[] ry = ranks(y);
    double mx = Arrays.stream(rx).average().orElseThrow();
    double my = Arrays.stream(ry).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (rx[i] - mx) * (ry[i] - my);
      sxx += (rx[i] - mx) * (rx[i] - mx);
      syy += (ry[i] - my) * (ry[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  private static double[] ranks(double[] v) {
    Integer[] order = new Integer[v.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (i, j) -> Double.compare(v[i], v[j]));
    double[] ranks = new double[v.length];
    for (int i = 0; i < v.length; ) {
      int j = i;
      while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
        j++;
      }
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = (i + j) / 2.0;
      }
      i = j + 1;
    }
    return ranks;
  }
}
