package org.stepindex.eval.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
 * Ids-level greedy decoding ({@link GreedyGenerator#greedyIds}) against text-level decoding of the
 * same prompts and a slow reference that recomputes the whole sequence per token and never picks
 * end-of-text.
 */
class GreedyIdsTest {
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
   * The argmax over all ids but end-of-text, from a full forward of the sequence, {@code n} times;
   * each choice must be decisive ({@link NearTies}), so the batched and cached paths must reproduce
   * it exactly on any CPU.
   */
  static int[] reference(int[] prompt, int n) {
    List<Integer> seq = new ArrayList<>(Arrays.stream(prompt).boxed().toList());
    int vocab = model.config().vocabSize();
    int eos = model.config().eosTokenId();
    int[] out = new int[n];
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      for (int t = 0; t < n; t++) {
        long[] ids = seq.stream().mapToLong(Integer::longValue).toArray();
        NDArray logits =
            model.forward(
                manager.create(new long[][] {ids}),
                manager.ones(new Shape(1, ids.length), DataType.INT64),
                null);
        float[] all = logits.toFloatArray();
        int best =
            NearTies.decisiveArgmax(all, (ids.length - 1) * vocab, vocab, eos, "new token " + t);
        out[t] = best;
        seq.add(best);
      }
    }
    return out;
  }

  @Test
  void idsLevelGenerationEqualsTextLevelGenerationOnTheSamePrompts() {
    int maxNew = 8;
    List<int[]> ids = PROMPTS.stream().map(tokenizer::encode).toList();
    List<int[]> batched = new GreedyGenerator(model, tokenizer, 3).greedyIds(ids, maxNew);
    List<int[]> single = new GreedyGenerator(model, tokenizer, 1).greedyIds(ids, maxNew);
    List<String> text =
        new GreedyGenerator(model, tokenizer, 3).complete(PROMPTS, maxNew, List.of());
    int full = 0;
    for (int i = 0; i < PROMPTS.size(); i++) {
      // Exact: the reference's choices are decisive (NearTies), so no kernel difference can change
      // them.
      assertArrayEquals(
          single.get(i), batched.get(i), PROMPTS.get(i) + ": batch of 1 vs batch of 3");
      assertArrayEquals(
          reference(ids.get(i), maxNew),
          batched.get(i),
          PROMPTS.get(i) + ": vs the plain reference");
      // The text generator stops where the model would pick end-of-text; up to there the two agree.
      String decoded = tokenizer.decode(batched.get(i), 0, maxNew);
      assertTrue(
          decoded.startsWith(text.get(i)), PROMPTS.get(i) + ": " + decoded + " vs " + text.get(i));
      full += decoded.equals(text.get(i)) ? 1 : 0;
    }
    assertTrue(
        full >= 2, "some prompts run to the limit at text level, so whole texts are compared");
  }

  @Test
  void endOfTextIsNeverChosenAndEveryPromptGetsExactlyTheNewTokens() {
    List<int[]> prompts = new ArrayList<>();
    for (String w : TinyModel.WORDS) {
      prompts.add(tokenizer.encode(w));
    }
    prompts.add(new int[0]); // conditioned on end-of-text, as an empty context is
    int eos = model.config().eosTokenId();
    List<int[]> out = new GreedyGenerator(model, tokenizer, 5).greedyIds(prompts, 12);
    assertEquals(prompts.size(), out.size());
    for (int i = 0; i < out.size(); i++) {
      assertEquals(12, out.get(i).length);
      assertTrue(Arrays.stream(out.get(i)).noneMatch(t -> t == eos), Arrays.toString(out.get(i)));
    }
    assertArrayEquals(
        reference(new int[] {eos}, 12),
        out.getLast(),
        "the empty prompt (exact: decisive choices)");
  }
}
