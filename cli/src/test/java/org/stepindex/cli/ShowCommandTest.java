package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stepindex.cli.CliRun.concat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * {@code show}: the batch viewer decodes a step's sequences from the .bin and refuses steps outside
 * the data.
 */
class ShowCommandTest {
  private static SmallCorpus corpus;
  private static HfTokenizer tokenizer;
  private static MegatronDataset dataset;

  @BeforeAll
  static void open() {
    corpus = SmallCorpus.get();
    tokenizer = HfTokenizer.load(corpus.tokenizer);
    dataset = MegatronDataset.open(corpus.data);
  }

  @AfterAll
  static void close() {
    dataset.close();
    tokenizer.close();
  }

  private static CliRun show(String... args) {
    return CliRun.of(concat(concat(new String[] {"show"}, corpus.dataOptions()), args));
  }

  private static int[] idsOf(long sequence) {
    int[] buffer = new int[SmallCorpus.SEQ_LENGTH];
    return Arrays.copyOf(buffer, dataset.read(sequence, buffer));
  }

  /**
   * Step 3's sequence 1 is dataset sequence 3 x 16 + 1: the training order, not the file order,
   * picks it.
   */
  @Test
  void oneSequenceIsAHeaderItsDecodedTextAndOptionallyItsIds() {
    int[] ids = idsOf(49);
    String joined = Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" "));
    assertEquals(
        List.of(
            "=== step 3, sequence 1 of the step (dataset sequence 49), 65 tokens ===",
            tokenizer.decode(ids, 0, ids.length),
            "ids: " + joined),
        show("--step", "3", "--seq", "1", "--ids").ok().outLines());
  }

  /** The last step is partial (600 = 37 x 16 + 8): all of it and nothing past the data is shown. */
  @Test
  void aWholeStepShowsEachOfItsSequences() {
    String out = show("--step", "37").ok().out();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      int[] ids = idsOf(592 + i);
      expected.append(
          String.format(
              "=== step 37, sequence %d of the step (dataset sequence %d), 65 tokens ===%n%s%n",
              i, 592 + i, tokenizer.decode(ids, 0, ids.length)));
    }
    assertEquals(expected.toString(), out);
    assertTrue(out.contains("<|endoftext|>"), "special tokens are shown as written");
  }

  @Test
  void aStepOutsideTheDataIsAUserError() {
    assertEquals(
        "--step 38 is outside the data, which has steps 0..37", show("--step", "38").userError());
    assertTrue(show("--step", "-1").userError().startsWith("--step -1 is outside the data"));
  }

  @Test
  void aSequenceOutsideTheStepIsAUserError() {
    assertEquals(
        "--seq 8 is outside step 37, which has 8 sequences",
        show("--step", "37", "--seq", "8").userError());
    assertTrue(
        show("--step", "0", "--seq", "-1").userError().startsWith("--seq -1 is outside step 0"));
  }
}
