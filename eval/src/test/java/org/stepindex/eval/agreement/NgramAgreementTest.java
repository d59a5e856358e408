package org.stepindex.eval.agreement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.eval.model.GptNeoX;
import org.stepindex.eval.model.LogLikelihood;
import org.stepindex.eval.model.TinyModel;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.data.MegatronWriter;
import org.stepindex.indexer.data.TokenDType;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.history.History;

/**
 * {@code ngram-agreement} against an independent implementation: a random tiny GPT-NeoX and a
 * corpus of its words with document ends; the data's n-gram distributions for orders 1…4 and ∞ at a
 * step inside a shard and at a shard's end, and the metrics (KL, top-1, the model's probability of
 * the data's top token), are recomputed by a Python script from the sequences as this test wrote
 * them and the model's log-probabilities, and must agree.
 */
class NgramAgreementTest {
  private static final int BATCH = 4;
  private static final int LENGTH = 32;
  private static final int STEPS = 16;

  @TempDir Path tmp;

  @Test
  void agreesWithAnIndependentBruteForceAtEveryOrder() throws Exception {
    HfTokenizer tokenizer = TinyModel.write(tmp.resolve("model"), 7);
    int[] words =
        TinyModel.WORDS.stream()
            .filter(w -> !w.equals("\n"))
            .mapToInt(w -> tokenizer.encode(" " + w)[0])
            .toArray();
    int eot = tokenizer.encode("<|endoftext|>")[0];
    List<int[]> sequences = new ArrayList<>();
    Random random = new Random(11);
    Path data = tmp.resolve("document");
    try (MegatronWriter writer = MegatronWriter.create(data, TokenDType.UINT16)) {
      for (int s = 0; s < BATCH * STEPS; s++) {
        int[] ids = new int[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
          // A skewed choice among few words, so that contexts recur; a document ends now and then.
          ids[i] =
              random.nextDouble() < 0.06
                  ? eot
                  : words[Math.min(random.nextInt(6), random.nextInt(words.length))];
        }
        sequences.add(ids);
        writer.addSequence(ids, 0, ids.length);
      }
    }
    Path index = tmp.resolve("index");
    IndexBuilder.build(
        new BuildOptions(
            data,
            tmp.resolve("model").resolve("tokenizer.json"),
            index,
            new StepLayout(BATCH, LENGTH),
            List.of("text", "tokens"),
            "every:4",
            0,
            -1,
            1),
        new BuildProgress());

    try (FrequencyIndex fi = FrequencyIndex.open(index);
        History history = new History(fi, null, null);
        GptNeoX model = GptNeoX.load(tmp.resolve("model"), Device.cpu(), DataType.FLOAT32)) {
      LogLikelihood likelihood = new LogLikelihood(model, tokenizer);
      NextTokenModel scorer =
          new NextTokenModel() {
            @Override
            public double[] nextLogProbs(int[] context) {
              return likelihood.nextLogProbs(context);
            }

            @Override
            public void close() {}
          };
      DataNgrams ngrams = new DataNgrams(history);
      for (long step : new long[] {10, 16}) {
        List<int[]> contexts = new ArrayList<>(Contexts.sample(history, step, 12, 3));
        contexts.add(new int[] {words[1]});
        contexts.add(new int[] {words[16], words[16], words[16], words[16], words[16], words[16]});
        List<NgramAgreement.ContextResult> results =
            NgramAgreement.compare(scorer, ngrams, contexts, step, c -> {});
        List<double[]> logprobs = contexts.stream().map(scorer::nextLogProbs).toList();
        JsonNode expected = independent(sequences, List.of(0, 1), step, contexts, logprobs);

        int compared = 0;
        for (int c = 0; c < contexts.size(); c++) {
          for (int o = 0; o < NgramOrder.ALL.size(); o++) {
            Agreement actual = results.get(c).orders().get(o);
            JsonNode want = expected.get(c).get(o);
            String where =
                "step " + step + " context " + c + " order " + NgramOrder.ALL.get(o).label();
            if (want.isNull()) {
              assertNull(actual, where);
              continue;
            }
            assertEquals(want.get("n").asInt(), actual.n(), where);
            assertEquals(want.get("seen").asLong(), actual.seen(), where);
            if (actual.seen() == 0) {
              assertNull(actual.kl(), where);
              continue;
            }
            compared++;
            assertEquals(want.get("kl").asDouble(), actual.kl(), 1e-9, where);
            assertEquals(want.get("top1").asBoolean(), actual.top1(), where);
            assertEquals(
                want.get("p_top").asDouble(), actual.modelProbabilityOfTop(), 1e-12, where);
          }
        }
        assertTrue(compared > 3 * contexts.size(), "most orders had data to compare: " + compared);
        NgramAgreement.Summary unigram = NgramAgreement.summarize(results).getFirst();
        assertEquals(
            contexts.size(), unigram.contexts(), "every context has a unigram distribution");
        assertEquals(
            results.stream().mapToDouble(r -> r.orders().getFirst().kl()).average().orElseThrow(),
            unigram.meanKl(),
            1e-12);
      }
    }
  }

  /**
   * Runs the Python implementation over the sequences as written here and the model's
   * log-probabilities.
   */
  private JsonNode independent(
      List<int[]> sequences,
      List<Integer> special,
      long step,
      List<int[]> contexts,
      List<double[]> logprobs)
      throws IOException, InterruptedException {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("sequences", sequences);
    input.put("special", special);
    input.put("batch", BATCH);
    input.put("step", step);
    input.put("contexts", contexts);
    input.put("logprobs", logprobs);
    Path in = tmp.resolve("input-" + step + ".json");
    Json.mapper().writeValue(in.toFile(), input);
    Path script = Path.of(getClass().getResource("/agreement/ngram_agreement.py").getPath());
    Process p =
        new ProcessBuilder("python3", script.toString(), in.toString())
            .redirectErrorStream(false)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "python3 failed: " + err);
    return Json.mapper().readTree(out);
  }
}
