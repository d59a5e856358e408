package org.stepindex.query;

import java.util.List;
import org.apache.lucene.queries.intervals.IntervalQuery;
import org.apache.lucene.queries.intervals.Intervals;
import org.apache.lucene.queries.intervals.IntervalsSource;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.views.TextAnalyzer;
import org.stepindex.indexer.views.TextView;

/**
 * "A within K words of B" on the text view: each side is a word or a phrase (an entity), in either
 * order, with at most K words between them and not overlapping. Built on Lucene's interval queries,
 * whose match intervals are the occurrences.
 */
final class NearQuery {
  private NearQuery() {}

  static ViewQuery compile(String a, String b, int window) {
    IntervalsSource near =
        Intervals.maxgaps(window, Intervals.unorderedNoOverlaps(source(a), source(b)));
    return new ViewQuery(
        TextView.NAME, a + " ~" + window + "~ " + b, new IntervalQuery(TextView.NAME, near));
  }

  private static IntervalsSource source(String entity) {
    List<String> words = analyze(entity.replace("\"", " "));
    if (words.isEmpty()) {
      throw new StepIndexException("'" + entity + "' has no words to look for");
    }
    if (words.size() == 1) {
      return Intervals.term(words.getFirst());
    }
    return Intervals.phrase(words.toArray(String[]::new));
  }

  private static List<String> analyze(String text) {
    try (TextAnalyzer analyzer = new TextAnalyzer()) {
      return TextAnalyzer.words(analyzer, text);
    }
  }
}
