package org.stepindex.query.history;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.TokensView;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.ViewQuery;

/**
 * {@code next}: every token that followed a token context in the sequences seen by a step, with its
 * exact count.
 *
 * <p>The {@code tokens} view finds each occurrence of the context (as {@code count --view tokens}
 * counts them: inside a run of ordinary tokens, never across a special token); the sequence is read
 * from the training data as the index counted it, and the token after the occurrence is counted.
 * That token may be a special token (the document ended there, as a model would predict); an
 * occurrence at the very end of its sequence has no next token and is not counted. The cost is one
 * read of each sequence that holds the context: exact, however frequent the context, and linear in
 * how often it was seen.
 *
 * <p>With back-off ({@code --infinigram}), the longest suffix of the context that was followed by
 * some token by the step is used, as infini-gram's ∞-gram does, and the answer says its length.
 */
final class NextTokens {
  private final FrequencyIndex index;
  private final TrainingText text;

  NextTokens(FrequencyIndex index, TrainingText text) {
    this.index = index;
    this.text = text;
  }

  /**
   * The tokens that followed {@code context} by {@code step}, most frequent first (then by id), at
   * most {@code top} of them ({@code 0}: all); with {@code backOff}, of the longest suffix that was
   * followed by anything.
   */
  List<NextRow> next(int[] context, long step, int top, boolean backOff) {
    if (context.length == 0) {
      throw new StepIndexException(
          "empty context; give token ids, e.g. '805 1249', or --encode TEXT");
    }
    if (top < 0) {
      throw new StepIndexException("--top must be >= 0 (0: every next token), got " + top);
    }
    index.checkView(TokensView.NAME);
    HfTokenizer tokenizer = text.tokenizer();
    for (int id : context) {
      if (!tokenizer.contains(id)) {
        throw new StepIndexException(
            "token id "
                + id
                + " of the context is not in the tokenizer's vocabulary (0.."
                + (tokenizer.vocabSize() - 1)
                + ")");
      }
      if (tokenizer.isSpecial(id)) {
        throw new StepIndexException(
            "the context holds the special token "
                + id
                + " ("
                + tokenizer.decode(new int[] {id}, 0, 1)
                + "), and a context never spans a document boundary; give the"
                + " ids after it");
      }
    }
    index.checkSteps(0, step);
    List<Integer> given = Arrays.stream(context).boxed().toList();
    for (int n = context.length; n >= (backOff ? 1 : context.length); n--) {
      int[] suffix = Arrays.copyOfRange(context, context.length - n, context.length);
      Map<Integer, Long> counts = counts(suffix, step);
      if (!counts.isEmpty() || !backOff) {
        return rows(given, step, n, counts, top);
      }
    }
    return List.of(); // not even the last token was followed by anything by this step
  }

  private List<NextRow> rows(
      List<Integer> context, long step, int n, Map<Integer, Long> counts, int top) {
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    List<Map.Entry<Integer, Long>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(
        Map.Entry.<Integer, Long>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey()));
    List<NextRow> rows = new ArrayList<>();
    HfTokenizer tokenizer = text.tokenizer();
    for (Map.Entry<Integer, Long> e :
        top == 0 ? sorted : sorted.subList(0, Math.min(top, sorted.size()))) {
      int token = e.getKey();
      rows.add(
          new NextRow(
              context,
              step,
              n,
              token,
              tokenizer.decode(new int[] {token}, 0, 1),
              e.getValue(),
              (double) e.getValue() / total));
    }
    return rows;
  }

  /** How often each token followed {@code gram} in the sequences of steps {@code [0, step)}. */
  private Map<Integer, Long> counts(int[] gram, long step) {
    Manifest manifest = index.manifest();
    String ids = Arrays.stream(gram).mapToObj(Integer::toString).collect(Collectors.joining(" "));
    ViewQuery query = ViewQuery.compile(TokensView.NAME, ids, manifest.tokenizer().vocabSize());
    long endSeq = manifest.sequencesBefore(step);
    Map<Integer, Long> counts = new HashMap<>();
    List<ShardInfo> shards = manifest.shards();
    for (int i = 0; i < shards.size(); i++) {
      ShardInfo shard = shards.get(i);
      if (shard.firstSequence() >= endSeq) {
        continue;
      }
      int hi = (int) Math.min(shard.sequences(), endSeq - shard.firstSequence());
      try {
        ShardWalk walk = ShardWalk.open(index.searcher(i), query.query());
        // The walk's end (NO_MORE_DOCS, Integer.MAX_VALUE) is past any shard's last doc.
        for (int doc = walk.advance(0); doc < hi; doc = walk.advance(doc + 1)) {
          long sequence = shard.firstSequence() + doc;
          SequenceTokens tokens = SequenceTokens.of(text.ids(sequence), text.tokenizer());
          for (int k = 0; k < walk.occurrences(); k++) {
            int offset = tokens.offsetAt(walk.start(k));
            if (!tokens.holds(offset, gram)) {
              throw text.differs(sequence);
            }
            int after = offset + gram.length;
            if (after < tokens.ids().length) {
              counts.merge(tokens.ids()[after], 1L, Long::sum);
            }
          }
        }
      } catch (UncheckedIOException | IndexOutOfBoundsException e) {
        throw FrequencyIndex.damaged(index.dir(), shard);
      }
    }
    return counts;
  }
}
