package org.stepindex.indexer.views;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The registry of views: parsing a user's list of view names, and the analyzer an index of views is
 * written with.
 */
public final class Views {
  private static final List<View> ALL =
      List.of(new TextView(), new TokensView(), new PythiaNumbersView(), new BigramsView());
  private static final List<String> NAMES = ALL.stream().map(View::name).toList();

  private Views() {}

  /**
   * The names of all views, in their canonical order.
   *
   * @return {@code [text, tokens, pythia-numbers, bigrams]}
   */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * The view with the given name.
   *
   * @param name a view name, e.g. {@code tokens}
   * @return the (shared, stateless) view
   * @throws StepIndexException listing the valid names if there is no such view
   */
  public static View byName(String name) {
    for (View view : ALL) {
      if (view.name().equals(name)) {
        return view;
      }
    }
    throw new StepIndexException(
        "unknown view '" + name + "'; valid views are " + String.join(", ", NAMES));
  }

  /**
   * Parses a comma-separated list of view names; white space around names is ignored, duplicates
   * are dropped and the order is kept.
   *
   * @param commaList e.g. {@code "text,tokens"}
   * @return the views, at least one
   * @throws StepIndexException if the list is empty or names an unknown view
   */
  public static List<View> parse(String commaList) {
    if (commaList == null || commaList.isBlank()) {
      throw new StepIndexException(
          "no views given; name one or more of " + String.join(", ", NAMES));
    }
    Set<View> views = new LinkedHashSet<>();
    for (String name : commaList.split(",", -1)) {
      views.add(byName(name.strip()));
    }
    return List.copyOf(views);
  }

  /**
   * A new analyzer to put in the {@code IndexWriterConfig} of an index of views. It analyzes the
   * {@code text} field with {@link TextAnalyzer}, and puts a gap of {@link View#BOUNDARY_GAP}
   * positions between instances of every field: IndexWriter takes that gap from this analyzer even
   * for fields that bring their own token stream, as {@code tokens} and {@code pythia-numbers} do.
   *
   * <p>For query-time parsing of the other fields it splits {@code tokens} at white space (ids such
   * as {@code "510 12"}) and keeps any other field's value whole (a {@code pythia-numbers} term
   * such as {@code 7-12}). The caller owns the analyzer and closes it.
   *
   * @return the analyzer
   */
  public static Analyzer indexAnalyzer() {
    return new IndexAnalyzer();
  }
}
