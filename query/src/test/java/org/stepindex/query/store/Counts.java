package org.stepindex.query.store;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.query.Count;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.ViewQuery;

/**
 * What an index answers for a fixed set of queries over a {@code SyntheticCorpus}, one view each
 * kind: words (a planted one and a frequent one), a phrase, a token n-gram and {@code
 * pythia-numbers} terms. Two indexes of the same data must give equal maps, whatever the shards.
 */
final class Counts {
  private Counts() {}

  /** view → query, for a corpus whose tokenizer is {@code tokenizer}. */
  static Map<String, List<String>> queries(Path tokenizer) {
    try (HfTokenizer tok = HfTokenizer.load(tokenizer)) {
      // Byte-level BPE spells a leading space as Ġ; every corpus word is one token bare and spaced.
      String ngram = tok.idOf("Ġquasar").orElseThrow() + " " + tok.idOf("Ġnebula").orElseThrow();
      String plus7 = tok.idOf("Ġplus").orElseThrow() + " " + tok.idOf("Ġ7").orElseThrow();
      return Map.of(
          "text", List.of("galaxy", "vorpal", "the", "\"quasar nebula\"", "\"plus 7\""),
          "tokens", List.of(ngram, plus7, Integer.toString(tok.idOf("Ġthe").orElseThrow())),
          "pythia-numbers", List.of("7", "3-12"));
    }
  }

  /** "view query @ step" → count at that step, for every query and step. */
  static Map<String, Count> at(Path index, Map<String, List<String>> queries, long[] steps) {
    Map<String, Count> counts = new LinkedHashMap<>();
    try (FrequencyIndex frequencies = FrequencyIndex.open(index)) {
      queries.forEach(
          (view, texts) -> {
            for (String text : texts) {
              ViewQuery query = frequencies.compile(view, text);
              for (long step : steps) {
                counts.put(view + " " + text + " @ " + step, frequencies.countAt(query, step));
              }
            }
          });
    }
    return counts;
  }
}
