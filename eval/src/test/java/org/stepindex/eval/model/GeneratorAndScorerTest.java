package org.stepindex.eval.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * Greedy generation and log-likelihood scoring against plain full-recomputation forwards of the
 * same model.
 */
class GeneratorAndScorerTest {

  @TempDir static Path dir;
  static HfTokenizer tokenizer;
  static GptNeoX model;

  static final List<String> PROMPTS =
      List.of("the cat sat", "Q: 1 + 2 =", "dog", "the dog ran far on the mat .");

  @BeforeAll
  static void load() {
    tokenizer = TinyModel.write(dir, 7);
    model = GptNeoX.load(dir, Device.cpu(), DataType.FLOAT32);
  }

  @AfterAll
  static void close() {
    model.close();
    tokenizer.close();
  }

  /**
   * Greedy decoding the slow way: the whole sequence through the model for every token, no cache,
   * no padding. Every choice must be decisive ({@link NearTies}), so the batched and cached paths
   * must reproduce it exactly on any CPU.
   */
  static int[] referenceGreedy(String prompt, int maxNewTokens) {
    List<Integer> seq = new ArrayList<>();
    for (int id : tokenizer.encode(prompt)) {
      seq.add(id);
    }
    int[] out = new int[maxNewTokens];
    int n = 0;
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      while (n < maxNewTokens) {
        long[] ids = seq.stream().mapToLong(Integer::longValue).toArray();
        NDArray logits =
            model.forward(
                manager.create(new long[][] {ids}),
                manager.ones(new ai.djl.ndarray.types.Shape(1, ids.length), DataType.INT64),
                null);
        int vocab = model.config().vocabSize();
        int next =
            NearTies.decisiveArgmax(
                logits.toFloatArray(),
                (ids.length - 1) * vocab,
                vocab,
                -1,
                prompt + ", new token " + n);
        if (next == model.config().eosTokenId()) {
          break;
        }
        out[n++] = next;
        seq.add(next);
      }
    }
    return Arrays.copyOf(out, n);
  }

  @Test
  void batchedLeftPaddedGenerationEqualsTheSlowReferenceAndBatchOfOne() {
    int maxNew = 8;
    List<String> batched =
        new GreedyGenerator(model, tokenizer, 3).complete(PROMPTS, maxNew, List.of());
    List<String> single =
        new GreedyGenerator(model, tokenizer, 1).complete(PROMPTS, maxNew, List.of());
    assertEquals(
        single, batched, "batch of 1 vs batch of 3 (exact: the reference's choices are decisive)");
    for (int i = 0; i < PROMPTS.size(); i++) {
      int[] reference = referenceGreedy(PROMPTS.get(i), maxNew);
      assertEquals(
          tokenizer.decode(reference, 0, reference.length),
          batched.get(i),
          PROMPTS.get(i) + ": vs the plain reference (exact: its choices are decisive)");
    }
    assertTrue(batched.stream().anyMatch(s -> !s.isEmpty()), "the model generates something");
  }

  @Test
  void maxNewTokensBoundsTheCompletion() {
    int[] reference = referenceGreedy(PROMPTS.get(3), 6);
    assertTrue(reference.length >= 3, "the reference does not stop before three tokens");
    List<String> three =
        new GreedyGenerator(model, tokenizer, 2).complete(List.of(PROMPTS.get(3)), 3, List.of());
    assertEquals(List.of(tokenizer.decode(reference, 0, 3)), three);
    assertEquals(
        List.of("", ""),
        new GreedyGenerator(model, tokenizer, 2).complete(PROMPTS.subList(0, 2), 0, List.of()));
  }

  @Test
  void stopStringsCutTheCompletion() {
    String prompt = PROMPTS.get(3);
    int[] reference = referenceGreedy(prompt, 10);
    String full = tokenizer.decode(reference, 0, reference.length);
    assertTrue(reference.length >= 4, "need a few tokens to cut: " + full);
    // A stop string made of the third and fourth generated tokens; the completion ends where it
    // first occurs.
    String stop = tokenizer.decode(reference, 2, 4);
    String expected = full.substring(0, full.indexOf(stop));
    List<String> out =
        new GreedyGenerator(model, tokenizer, 4)
            .complete(List.of(prompt, PROMPTS.get(0)), 10, List.of("never-generated", stop));
    assertEquals(expected, out.get(0));
    assertTrue(!out.get(1).contains(stop));
  }

  /** log-softmax of a logit row, in double, the independent way. */
  static double logSoftmax(float[] row, int token) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : row) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (float v : row) {
      sum += Math.exp(v - max);
    }
    return row[token] - max - Math.log(sum);
  }

  /**
   * The sum of log-probabilities of {@code targets}, each given all tokens before it, from one
   * plain forward.
   */
  static double[] referenceScores(int[] context, int[] targets) {
    int[] all = new int[context.length + targets.length];
    System.arraycopy(context, 0, all, 0, context.length);
    System.arraycopy(targets, 0, all, context.length, targets.length);
    long[] input = Arrays.stream(all, 0, all.length - 1).asLongStream().toArray();
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray logits =
          model.forward(
              manager.create(new long[][] {input}),
              manager.ones(new ai.djl.ndarray.types.Shape(1, input.length), DataType.INT64),
              null);
      int vocab = model.config().vocabSize();
      float[] values = logits.toFloatArray();
      double[] out = new double[targets.length];
      for (int i = 0; i < targets.length; i++) {
        int position = context.length - 1 + i;
        out[i] =
            logSoftmax(
                Arrays.copyOfRange(values, position * vocab, (position + 1) * vocab), targets[i]);
      }
      return out;
    }
  }

  @Test
  void textScoresAreLogSoftmaxOfTheForwardGivenEndOfText() {
    LogLikelihood scorer = new LogLikelihood(model, tokenizer);
    String text = "the cat sat on the mat";
    TokenScores scores = scorer.score(text);
    assertArrayEquals(tokenizer.encode(text), scores.tokens());
    double[] expected = referenceScores(new int[] {0}, scores.tokens());
    // The scorer's forward (batched, its own padding) and the plain one sum in different orders:
    // float32
    // log-probabilities of about −5 agree to a few 1e-6; 1e-4 is the model-parity tolerance.
    assertArrayEquals(
        expected, scores.logprobs(), 1e-4, "per-token log-probabilities, float32 kernel paths");
    assertEquals(
        Arrays.stream(expected).sum(), scores.total(), 1e-4, "their sum, float32 kernel paths");
    assertTrue(scores.total() < 0);
  }

  @Test
  void continuationScoresMoveTrailingSpacesAndConditionOnTheContext() {
    LogLikelihood scorer = new LogLikelihood(model, tokenizer);
    TokenScores scores = scorer.score("the dog ran ", "far");
    // The context's trailing space joins the continuation: " far" is one token.
    assertArrayEquals(new int[] {tokenizer.idOf("Ġfar").getAsInt()}, scores.tokens());
    double[] expected = referenceScores(tokenizer.encode("the dog ran"), scores.tokens());
    assertArrayEquals(expected, scores.logprobs(), 1e-4, "float32 kernel paths, as above");
    // Same tokens through the same scorer: the same arithmetic, so equal up to double rounding of
    // the sum.
    assertEquals(
        scorer.score("the dog ran", " far").total(),
        scores.total(),
        1e-9,
        "the same tokens, same path");
    assertEquals(
        scorer.score("far").total(),
        scorer.score("", "far").total(),
        1e-9,
        "the same tokens, same path");
  }
}
