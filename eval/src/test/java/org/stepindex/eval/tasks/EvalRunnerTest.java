package org.stepindex.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The runner end to end over few-shot tasks ({@link CompletionTask}) with deterministic test
 * completers: records, summaries, file names, atomicity, progress.
 */
class EvalRunnerTest {
  private static final ObjectMapper JSON = Json.mapper();

  @TempDir Path tmp;
  private Path out;
  private final List<Oracle> opened = new ArrayList<>();

  /**
   * Answers the last arithmetic question of a prompt: right when x1 is even, and also for times
   * with shots and x2 = 1; otherwise one too many. Answers with a leading space, as a model after
   * "A:" would.
   */
  private final class Oracle implements TextCompleter {
    private static final Pattern QUESTION =
        Pattern.compile("What is (\\d+) (plus|minus|times) (\\d+)\\?");
    final Path dir;
    final List<Integer> batchSizes = new ArrayList<>();
    int failAtCall = -1;
    boolean closed;

    Oracle(Path dir) {
      this.dir = dir;
    }

    @Override
    public List<String> complete(List<String> prompts, int maxNewTokens, List<String> stopStrings) {
      assertFalse(closed);
      assertEquals(16, maxNewTokens);
      assertEquals(List.of("\n"), stopStrings);
      if (batchSizes.size() == failAtCall) {
        throw new IllegalStateException("device lost");
      }
      batchSizes.add(prompts.size());
      List<String> answers = new ArrayList<>();
      for (String prompt : prompts) {
        Matcher m = QUESTION.matcher(prompt);
        int questions = 0;
        int x1 = 0;
        int x2 = 0;
        String op = null;
        while (m.find()) {
          questions++;
          x1 = Integer.parseInt(m.group(1));
          op = m.group(2);
          x2 = Integer.parseInt(m.group(3));
        }
        long y = Operation.parse(op).apply(x1, x2);
        boolean right = x1 % 2 == 0 || (op.equals("times") && questions > 1 && x2 == 1);
        answers.add(" " + (right ? y : y + 1));
      }
      return answers;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @BeforeEach
  void setUp() {
    out = tmp.resolve("out");
  }

  private Path checkpoint(String name) throws IOException {
    return Files.createDirectories(tmp.resolve("models").resolve(name));
  }

  private ModelOpener<TextCompleter> factory() {
    return dir -> {
      Oracle o = new Oracle(dir);
      opened.add(o);
      return o;
    };
  }

  private static ArithmeticTask smallArithmetic() {
    return new ArithmeticTask(
        new ArithmeticOptions(
            List.of(Operation.PLUS, Operation.TIMES),
            new IntRange(0, 3),
            new IntRange(1, 2),
            List.of(0, 2),
            ArithmeticTemplate.PYTHIA,
            1234L,
            16));
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void arithmeticEndToEnd() throws IOException {
    Path step13000 = checkpoint("step13000");
    Path unknown = checkpoint("final");
    List<long[]> progress = new ArrayList<>();
    List<String> started = new ArrayList<>();
    var listener =
        new ProgressListener() {
          @Override
          public void progress(long done, long total) {
            progress.add(new long[] {done, total});
          }

          @Override
          public void checkpointStarted(Checkpoint checkpoint, int index, int count) {
            started.add(checkpoint.dir().getFileName() + " " + index + "/" + count);
          }
        };
    List<Object> summaries =
        run(
            factory(),
            5,
            listener,
            smallArithmetic(),
            List.of(Checkpoint.of(step13000), Checkpoint.of(unknown)));

    assertEquals(
        List.of(
            "arithmetic-step-unknown.jsonl",
            "arithmetic-step-unknown.summary.json",
            "arithmetic-step13000.jsonl",
            "arithmetic-step13000.summary.json"),
        files());

    // 2 k x 2 ops x 4 x1 x 2 x2 = 32 prompts per checkpoint, in batches of 5.
    List<String> lines = Files.readAllLines(out.resolve("arithmetic-step13000.jsonl"));
    assertEquals(32, lines.size());
    assertEquals(
        "{\"task\":\"arithmetic\",\"model\":\""
            + step13000
            + "\",\"step\":13000,\"op\":\"plus\",\"k\":0,"
            + "\"template\":\"pythia\",\"x1\":0,\"x2\":1,\"prompt\":\"Q:What is 0 plus 1? A:\",\"prediction\":\" 1\","
            + "\"target\":\"1\",\"correct\":true}",
        lines.get(0));
    assertEquals(
        "{\"task\":\"arithmetic\",\"model\":\""
            + step13000
            + "\",\"step\":13000,\"op\":\"times\",\"k\":0,"
            + "\"template\":\"pythia\",\"x1\":1,\"x2\":2,\"prompt\":\"Q:What is 1 times 2? A:\",\"prediction\":\" 3\","
            + "\"target\":\"2\",\"correct\":false}",
        lines.get(11));
    JsonNode twoShot =
        JSON.readTree(lines.get(16 + 8 + 2)); // k=2, times, x1=1, x2=1: right thanks to the shots
    assertEquals("times", twoShot.get("op").asText());
    assertEquals(2, twoShot.get("k").asInt());
    assertEquals(1, twoShot.get("x1").asInt());
    assertEquals(1, twoShot.get("x2").asInt());
    assertEquals(" 1", twoShot.get("prediction").asText());
    assertTrue(twoShot.get("correct").asBoolean());
    String prompt = twoShot.get("prompt").asText();
    assertTrue(prompt.endsWith("\n\nQ:What is 1 times 1? A:"), prompt);
    assertEquals(3, prompt.split("Q:What is", -1).length - 1, prompt);
    assertTrue(
        JSON.readTree(Files.readAllLines(out.resolve("arithmetic-step-unknown.jsonl")).get(0))
            .get("step")
            .isNull());

    // plus: 8/16 right; times: 8 (even x1) + 2 (odd x1, x2 = 1, k = 2) = 10/16; k=0: 8/16, k=2:
    // 10/16.
    String expected =
        """
        {"task":"arithmetic","model":"%s","step":%s,"n":32,"accuracy":0.5625,
         "byK":{"0":0.5,"2":0.625},"byOp":{"plus":0.5,"times":0.625}}""";
    JsonNode summary = JSON.readTree(out.resolve("arithmetic-step13000.summary.json").toFile());
    assertEquals(JSON.readTree(expected.formatted(step13000, "13000")), summary);
    assertEquals(List.of("0", "2"), iterate(summary.get("byK")));
    assertEquals(List.of("plus", "times"), iterate(summary.get("byOp")));
    assertEquals(
        JSON.readTree(expected.formatted(unknown, "null")),
        JSON.readTree(out.resolve("arithmetic-step-unknown.summary.json").toFile()));

    assertEquals(
        new RunSummary(
            "arithmetic",
            step13000.toString(),
            13000L,
            32,
            0.5625,
            Map.of("0", 0.5, "2", 0.625),
            Map.of("plus", 0.5, "times", 0.625)),
        summaries.get(0));

    // One model at a time, each closed; batches of at most 5.
    assertEquals(2, opened.size());
    assertEquals(step13000, opened.get(0).dir);
    assertTrue(opened.get(0).closed && opened.get(1).closed);
    assertEquals(List.of(5, 5, 5, 5, 5, 5, 2), opened.get(0).batchSizes);

    assertEquals(List.of("step13000 0/2", "final 1/2"), started);
    assertEquals(14, progress.size());
    long last = 0;
    for (long[] p : progress) {
      assertEquals(64, p[1]);
      assertTrue(p[0] > last);
      last = p[0];
    }
    assertEquals(64, last);
  }

  @Test
  void triviaQaEndToEnd() throws IOException {
    Path dir = checkpoint("step143000");
    var questions = List.of(TriviaQaTaskTest.MARS, TriviaQaTaskTest.LEWIS, TriviaQaTaskTest.PARIS);
    var task =
        new TriviaQaTask(
            questions,
            null,
            new TriviaQaOptions(List.of(0, 1), TriviaTemplate.LM_EVAL, 1234L, 8, 0));
    Map<String, String> answers =
        Map.of(
            "Which planet is known as the Red Planet",
            " the Red Planet",
            "Who wrote Babbitt",
            " Upton Sinclair",
            "What is the capital of France",
            " Paris");
    ModelOpener<TextCompleter> factory =
        d ->
            (prompts, maxNewTokens, stops) -> {
              assertEquals(8, maxNewTokens);
              assertEquals(List.of("\n", ".", ","), stops);
              List<String> res = new ArrayList<>();
              for (String p : prompts) {
                String q =
                    p.substring(p.lastIndexOf("Question: ") + 10, p.lastIndexOf("?\nAnswer:"));
                // Wrong on Mars when it sees a shot, to make byK differ.
                res.add(
                    q.startsWith("Which planet")
                            && p.indexOf("Question: ") != p.lastIndexOf("Question: ")
                        ? " Venus"
                        : answers.get(q.endsWith("?") ? q.substring(0, q.length() - 1) : q));
              }
              return res;
            };
    List<Object> s = run(factory, 4, ProgressListener.NONE, task, List.of(new Checkpoint(dir, 7L)));
    assertEquals(List.of("triviaqa-step7.jsonl", "triviaqa-step7.summary.json"), files());
    List<String> lines = Files.readAllLines(out.resolve("triviaqa-step7.jsonl"));
    assertEquals(6, lines.size());
    assertEquals(
        "{\"task\":\"triviaqa\",\"model\":\""
            + dir
            + "\",\"step\":7,\"k\":0,\"template\":\"lm-eval\","
            + "\"id\":\"tc_1\",\"question\":\"Which planet is known as the Red Planet?\","
            + "\"prompt\":\"Question: Which planet is known as the Red Planet??\\nAnswer:\","
            + "\"prediction\":\" the Red Planet\",\"targets\":[\"Mars\",\"Red Planet\",\"red planet\",\"mars\"],"
            + "\"correct\":true}",
        lines.get(0));
    assertEquals(
        List.of(true, false, true, false, false, true),
        lines.stream().map(l -> readTree(l).get("correct").asBoolean()).toList());
    String expected =
        """
        {"task":"triviaqa","model":"%s","step":7,"n":6,"accuracy":0.5,"byK":{"0":0.6666666666666666,
         "1":0.3333333333333333}}"""
            .formatted(dir);
    JsonNode summary = JSON.readTree(out.resolve("triviaqa-step7.summary.json").toFile());
    assertEquals(JSON.readTree(expected), summary);
    assertFalse(summary.has("byOp"));
    assertEquals(null, ((RunSummary) s.getFirst()).byOp());
  }

  @Test
  void aFailedCheckpointLeavesNoPartialFiles() throws IOException {
    Path a = checkpoint("step1");
    Path b = checkpoint("step2");
    Files.createDirectories(out);
    Path old = Files.writeString(out.resolve("arithmetic-step2.jsonl"), "from an earlier run\n");
    Path oldSummary = Files.writeString(out.resolve("arithmetic-step2.summary.json"), "{}");
    ModelOpener<TextCompleter> factory =
        dir -> {
          Oracle o = new Oracle(dir);
          if (dir.equals(b)) {
            o.failAtCall = 3;
          }
          opened.add(o);
          return o;
        };
    var e =
        assertThrows(
            IllegalStateException.class,
            () ->
                run(
                    factory,
                    5,
                    ProgressListener.NONE,
                    smallArithmetic(),
                    List.of(Checkpoint.of(a), Checkpoint.of(b))));
    assertEquals("device lost", e.getMessage());
    assertEquals(
        List.of(
            "arithmetic-step1.jsonl",
            "arithmetic-step1.summary.json",
            "arithmetic-step2.jsonl",
            "arithmetic-step2.summary.json"),
        files());
    assertEquals("from an earlier run\n", Files.readString(old));
    assertEquals("{}", Files.readString(oldSummary));
    assertEquals(32, Files.readAllLines(out.resolve("arithmetic-step1.jsonl")).size());
    assertTrue(opened.get(1).closed, "the failed checkpoint's model is closed too");
  }

  @Test
  void refusesBadCheckpointsBeforeRunningAnything() throws IOException {
    Path a = checkpoint("pythia-1b/step5");
    Path b = checkpoint("pythia-2.8b/step5");
    var runner = new EvalRunner(ProgressListener.NONE);
    var task = new CompletionTask(smallArithmetic(), 5);
    var e =
        assertThrows(
            StepIndexException.class,
            () -> runner.run(task, factory(), List.of(Checkpoint.of(a), Checkpoint.of(b)), out));
    assertEquals(
        "checkpoints "
            + a
            + " and "
            + b
            + " would both write arithmetic-step5.jsonl; give them distinct "
            + "steps or evaluate them into separate output directories",
        e.getMessage());
    Path missing = tmp.resolve("models/step9");
    e =
        assertThrows(
            StepIndexException.class,
            () ->
                runner.run(
                    task, factory(), List.of(Checkpoint.of(a), Checkpoint.of(missing)), out));
    assertEquals("checkpoint directory not found: " + missing, e.getMessage());
    Path file = Files.writeString(tmp.resolve("file"), "");
    e =
        assertThrows(
            StepIndexException.class,
            () -> runner.run(task, factory(), List.of(Checkpoint.of(a)), file));
    assertEquals("output directory is a file: " + file, e.getMessage());
    e =
        assertThrows(
            StepIndexException.class,
            () -> runner.run(task, factory(), List.of(Checkpoint.of(a)), file.resolve("sub")));
    assertTrue(
        e.getMessage().startsWith("cannot create output directory " + file.resolve("sub") + ": "),
        e.getMessage());
    assertTrue(opened.isEmpty());
    assertFalse(Files.exists(out));
    // Distinct explicit steps make the same two directories fine.
    run(
        factory(),
        64,
        ProgressListener.NONE,
        smallArithmetic(),
        List.of(new Checkpoint(a, 5L), new Checkpoint(b, 6L)));
    assertEquals(
        List.of(
            "arithmetic-step5.jsonl",
            "arithmetic-step5.summary.json",
            "arithmetic-step6.jsonl",
            "arithmetic-step6.summary.json"),
        files());
  }

  @Test
  void aCompleterThatBreaksItsContractIsABug() throws IOException {
    Path a = checkpoint("step1");
    ModelOpener<TextCompleter> factory = dir -> (prompts, max, stops) -> List.of("1");
    var e =
        assertThrows(
            IllegalStateException.class,
            () ->
                run(
                    factory,
                    5,
                    ProgressListener.NONE,
                    smallArithmetic(),
                    List.of(Checkpoint.of(a))));
    assertEquals(
        "completer broke its contract: 5 prompts, 1 completions (some may be null)",
        e.getMessage());
    assertEquals(List.of(), files());
  }

  /** Runs a few-shot task in batches of {@code batchSize} into {@link #out}, as the CLI does. */
  private List<Object> run(
      ModelOpener<TextCompleter> models,
      int batchSize,
      ProgressListener listener,
      EvalTask task,
      List<Checkpoint> checkpoints)
      throws IOException {
    return new EvalRunner(listener)
        .run(new CompletionTask(task, batchSize), models, checkpoints, out);
  }

  private static List<String> iterate(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode readTree(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
