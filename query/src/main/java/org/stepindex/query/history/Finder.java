package org.stepindex.query.history;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.entities.EntitiesView;
import org.stepindex.indexer.entities.EntityDictionary;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;
import org.stepindex.indexer.views.PythiaNumbers;
import org.stepindex.indexer.views.PythiaNumbersView;
import org.stepindex.indexer.views.SequenceContent;
import org.stepindex.indexer.views.TextAnalyzer;
import org.stepindex.indexer.views.TextView;
import org.stepindex.indexer.views.TokensView;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.ViewQuery;

/**
 * {@code find}: the matches of a query in a step range, in training order, each with where it is
 * and its text.
 *
 * <p>The index finds the matching sequences and, where the view has positions, where each match
 * lies ({@link ShardWalk}, which stops as soon as a page is full); the sequence is then read from
 * the training data as the index counted it, and the match is located in it: a word of the {@code
 * text} view's analysis ({@link SequenceWords}), a token ({@link SequenceTokens}), an entity name
 * found again by the view's own matcher, or a window of the Pythia study's counter. What the index
 * found must be there (the words or ids of a term or phrase at its position, as many entity or
 * number occurrences as the index holds): a sequence that does not hold it is the one line of
 * {@link TrainingText#differs}, never a wrong row. The rows of one query are exactly its
 * occurrences: as many as {@code count} counts over the same range.
 */
final class Finder {
  /** The most rows one call lists; {@code --after} pages on. */
  static final int MAX_LIMIT = 10_000;

  /** The most words or tokens of context on each side. */
  static final int MAX_CONTEXT = 200;

  private static final Analyzer TEXT_ANALYZER = new TextAnalyzer();

  private final FrequencyIndex index;
  private final History history;

  /** Words or tokens of context on each side of a match. */
  private final int context;

  Finder(FrequencyIndex index, History history, int context) {
    if (context < 0 || context > MAX_CONTEXT) {
      throw new StepIndexException(
          "--context must be 0 to " + MAX_CONTEXT + " words or tokens, got " + context);
    }
    this.index = index;
    this.history = history;
    this.context = context;
  }

  /**
   * Where one occurrence lies in its sequence and its text; position null where the index holds
   * none.
   */
  private record Located(Integer position, String text) {}

  /**
   * Lists up to {@code limit} matches of {@code query} in {@code view} in the sequences of steps
   * {@code [from, to)}, after {@code after} (a row's cursor, or null). Everything is checked before
   * the first row is given.
   */
  void find(
      String query,
      String view,
      long from,
      long to,
      int limit,
      String after,
      Consumer<? super FindRow> rows) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new StepIndexException(
          "--limit must be 1 to "
              + MAX_LIMIT
              + " rows, got "
              + limit
              + "; page on with --after CURSOR");
    }
    index.checkView(view);
    Manifest manifest = index.manifest();
    // Compiled for the view's own field (not through bigrams): its positions are the text's word
    // positions.
    ViewQuery compiled = ViewQuery.compile(view, query, manifest.tokenizer().vocabSize());
    index.checkSteps(from, to);
    long binding = Cursor.binding(manifest, view, query);
    Cursor cursor = after == null ? null : Cursor.parse(after, binding);
    TrainingText text = history.text();
    Locator locator = locator(view, compiled.query(), text);

    StepLayout layout = manifest.layout();
    long firstSeq = layout.firstSequence(from);
    long endSeq = manifest.sequencesBefore(to);
    long startSeq = cursor != null && cursor.sequence() >= firstSeq ? cursor.sequence() : firstSeq;
    int listed = 0;
    List<ShardInfo> shards = manifest.shards();
    for (int i = 0; i < shards.size(); i++) {
      ShardInfo shard = shards.get(i);
      if (shard.endSequence() <= startSeq || shard.firstSequence() >= endSeq) {
        continue;
      }
      try {
        ShardWalk walk = ShardWalk.open(index.searcher(i), compiled.query());
        int lo = (int) Math.max(0, startSeq - shard.firstSequence());
        int hi = (int) Math.min(shard.sequences(), endSeq - shard.firstSequence());
        // The walk's end (NO_MORE_DOCS, Integer.MAX_VALUE) is past any shard's last doc.
        for (int doc = walk.advance(lo); doc < hi; doc = walk.advance(doc + 1)) {
          long sequence = shard.firstSequence() + doc;
          List<Located> located = locator.locate(sequence, text.read(sequence), walk);
          int rank = cursor != null && cursor.sequence() == sequence ? cursor.rank() + 1 : 0;
          for (; rank < located.size(); rank++) {
            Located at = located.get(rank);
            long step = layout.stepOf(sequence);
            rows.accept(
                new FindRow(
                    query,
                    view,
                    step,
                    sequence,
                    (int) (sequence - layout.firstSequence(step)),
                    at.position(),
                    at.text(),
                    new Cursor(sequence, rank, binding).text()));
            if (++listed == limit) {
              return;
            }
          }
        }
      } catch (UncheckedIOException | IndexOutOfBoundsException e) {
        throw FrequencyIndex.damaged(index.dir(), shard);
      }
    }
  }

  /** Finds the occurrences the index reported for one sequence in its content. */
  @FunctionalInterface
  private interface Locator {
    List<Located> locate(long sequence, SequenceContent content, ShardWalk walk);
  }

  private Locator locator(String view, Query query, TrainingText text) {
    return switch (view) {
      case TextView.NAME ->
          (sequence, content, walk) -> words(sequence, content, walk, query, text);
      case TokensView.NAME ->
          (sequence, content, walk) -> tokens(sequence, content, walk, query, text);
      case EntitiesView.NAME -> {
        EntityDictionary dictionary = history.entities();
        int entity = dictionary.ordinal(((TermQuery) query).getTerm().text());
        yield (sequence, content, walk) ->
            entities(sequence, content, walk, dictionary, entity, text);
      }
      case PythiaNumbersView.NAME -> {
        String key = ((TermQuery) query).getTerm().text();
        yield (sequence, content, walk) -> numbers(sequence, content, walk, key, text);
      }
      default ->
          throw new StepIndexException(
              "find does not search the '"
                  + view
                  + "' view; use text, tokens,"
                  + " entities or pythia-numbers");
    };
  }

  private List<Located> words(
      long sequence, SequenceContent content, ShardWalk walk, Query query, TrainingText text) {
    SequenceWords words = SequenceWords.of(content, TEXT_ANALYZER);
    List<Located> located = new ArrayList<>(walk.occurrences());
    for (int i = 0; i < walk.occurrences(); i++) {
      if (walk.start(i) == ShardWalk.NO_POSITION) {
        located.add(new Located(null, words.size() == 0 ? "" : words.text(0, 0, context)));
        continue;
      }
      int first = words.at(walk.start(i));
      int last = words.at(walk.end(i));
      if (first < 0
          || last < 0
          || !holds(
              query,
              walk.start(i),
              p -> {
                int word = words.at(p);
                return word < 0 ? null : words.term(word);
              })) {
        throw text.differs(sequence);
      }
      located.add(new Located(first, words.text(first, last, context)));
    }
    return located;
  }

  private List<Located> tokens(
      long sequence, SequenceContent content, ShardWalk walk, Query query, TrainingText text) {
    SequenceTokens tokens = SequenceTokens.of(content.ids(), text.tokenizer());
    List<Located> located = new ArrayList<>(walk.occurrences());
    for (int i = 0; i < walk.occurrences(); i++) {
      int first = tokens.offsetAt(walk.start(i));
      int last = tokens.offsetAt(walk.end(i));
      if (first < 0
          || last < 0
          || !holds(
              query,
              walk.start(i),
              p -> {
                int offset = tokens.offsetAt(p);
                return offset < 0 ? null : TokensView.term(tokens.ids()[offset]);
              })) {
        throw text.differs(sequence);
      }
      int[] span = tokens.around(first, last, context, text.tokenizer());
      located.add(new Located(first, text.tokenizer().decode(tokens.ids(), span[0], span[1])));
    }
    return located;
  }

  /** What is at an index position: the term the view indexed there, or null for nothing. */
  @FunctionalInterface
  private interface TermAt {
    String at(int position);
  }

  /**
   * Whether the terms of a term or exact phrase query are where a match at {@code start} puts them.
   */
  private static boolean holds(Query query, int start, TermAt terms) {
    if (query instanceof TermQuery term) {
      return term.getTerm().text().equals(terms.at(start));
    }
    if (query instanceof PhraseQuery phrase && phrase.getSlop() == 0) {
      Term[] parts = phrase.getTerms();
      int[] offsets = phrase.getPositions();
      for (int k = 0; k < parts.length; k++) {
        if (!parts[k].text().equals(terms.at(start + offsets[k]))) {
          return false;
        }
      }
    }
    return true; // other queries: their positions were checked to be words
  }

  private List<Located> entities(
      long sequence,
      SequenceContent content,
      ShardWalk walk,
      EntityDictionary dictionary,
      int entity,
      TrainingText text) {
    SequenceWords words = SequenceWords.of(content, TEXT_ANALYZER);
    List<Located> located = new ArrayList<>(walk.occurrences());
    for (int s = 0; s < words.segmentCount(); s++) {
      BytesRef[] segment = words.segmentWords(s);
      int first = words.firstWord(s);
      dictionary.match(
          segment,
          segment.length,
          (start, found) -> {
            if (found == entity) {
              located.add(
                  new Located(first + start, words.text(first + start, first + start, context)));
            }
          });
    }
    if (located.size() != walk.occurrences()) {
      throw text.differs(sequence);
    }
    return located;
  }

  private List<Located> numbers(
      long sequence, SequenceContent content, ShardWalk walk, String key, TrainingText text) {
    String line = PythiaNumbers.line(content.text());
    List<Located> located = new ArrayList<>(walk.occurrences());
    for (PythiaNumbers.Window window : PythiaNumbers.windows(line)) {
      for (String term : window.terms()) {
        if (term.equals(key)) {
          located.add(
              new Located(window.start(), around(line, window.start(), window.end(), context)));
        }
      }
    }
    if (located.size() != walk.occurrences()) {
      throw text.differs(sequence);
    }
    return located;
  }

  /**
   * {@code line[start, end)} with {@code words} white-space separated words on each side, trimmed.
   */
  private static String around(String line, int start, int end, int words) {
    int from = start;
    for (int w = 0; w < words && from > 0; w++) {
      while (from > 0 && Character.isWhitespace(line.charAt(from - 1))) {
        from--;
      }
      while (from > 0 && !Character.isWhitespace(line.charAt(from - 1))) {
        from--;
      }
    }
    int to = end;
    for (int w = 0; w < words && to < line.length(); w++) {
      while (to < line.length() && Character.isWhitespace(line.charAt(to))) {
        to++;
      }
      while (to < line.length() && !Character.isWhitespace(line.charAt(to))) {
        to++;
      }
    }
    return line.substring(from, to).strip();
  }
}
