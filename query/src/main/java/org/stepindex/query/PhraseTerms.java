package org.stepindex.query;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.index.Term;

/**
 * The distinct terms of an exact phrase and, for each place of the phrase, which of them sits
 * there, so that a phrase whose terms repeat (a run of one whitespace token in code) reads each
 * distinct term's postings once per sequence instead of once per place.
 */
public final class PhraseTerms {
  private final Term[] unique;
  private final int[] slot;

  private PhraseTerms(Term[] unique, int[] slot) {
    this.unique = unique;
    this.slot = slot;
  }

  /** The distinct terms of {@code terms}, a phrase's terms place by place. */
  public static PhraseTerms of(Term[] terms) {
    Map<Term, Integer> distinct = new LinkedHashMap<>();
    int[] slot = new int[terms.length];
    for (int i = 0; i < terms.length; i++) {
      slot[i] = distinct.computeIfAbsent(terms[i], t -> distinct.size());
    }
    return new PhraseTerms(distinct.keySet().toArray(new Term[0]), slot);
  }

  /** How many distinct terms the phrase has. */
  public int size() {
    return unique.length;
  }

  /** Distinct term {@code j}, in the order of their first place. */
  public Term term(int j) {
    return unique[j];
  }

  /** Which distinct term sits at place {@code i} of the phrase. */
  public int at(int i) {
    return slot[i];
  }
}
