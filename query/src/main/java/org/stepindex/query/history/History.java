package org.stepindex.query.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.entities.EntitiesView;
import org.stepindex.indexer.entities.EntityDictionary;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.ViewQuery;
import org.stepindex.query.rows.Answers;

/**
 * What the data had shown the model by a step, over an open index: where a query occurs ({@link
 * #find}), when it was seen ({@link #exposures}), and what came after a token context ({@link
 * #next}). The command line and the server both answer through this class, so their rows are the
 * same.
 *
 * <p>{@code exposures} needs only the index; {@code find} and {@code next} read the training data,
 * opened on first use from where the manifest says it is (or from the paths given instead) and kept
 * open until {@link #close}. The entity file of an {@code entities} view is read on first use too,
 * from where the view was added from, and must be the same file (its SHA-256 is in the manifest).
 *
 * <p>Thread-safe. The caller keeps owning the index; closing this closes the data only.
 */
public final class History implements AutoCloseable {
  /** {@code find}'s rows at most per call. */
  public static final int MAX_FIND_LIMIT = Finder.MAX_LIMIT;

  /** {@code exposures}' n-th occurrences when none are asked. */
  public static final String DEFAULT_NTH = Exposures.DEFAULT_NTH;

  private final FrequencyIndex index;
  private final Path dataOverride;
  private final Path tokenizerOverride;
  private TrainingText text;
  private EntityDictionary entities;
  private boolean closed;

  /**
   * @param index the open index
   * @param data the training data in place of the path the manifest records, or null
   * @param tokenizer the tokenizer in place of the path the manifest records, or null
   */
  public History(FrequencyIndex index, Path data, Path tokenizer) {
    this.index = index;
    this.dataOverride = data;
    this.tokenizerOverride = tokenizer;
  }

  /** The index answered from. */
  public FrequencyIndex index() {
    return index;
  }

  /** The index's tokenizer (opened with the training data, on first use). */
  public HfTokenizer tokenizer() {
    return text().tokenizer();
  }

  /**
   * The token ids of sequence {@code sequence} as the index counted them (the intervention
   * applied).
   */
  public int[] ids(long sequence) {
    return text().ids(sequence);
  }

  /**
   * Lists, in training order, up to {@code limit} matches of {@code query} in {@code view} in the
   * sequences of steps {@code [from, to)} that come after the row whose cursor is {@code after}
   * (null: from the start), each with {@code context} words or tokens of text on each side. A bad
   * argument is a one-line error before any row.
   */
  public void find(
      String query,
      String view,
      long from,
      long to,
      int limit,
      String after,
      int context,
      Consumer<? super FindRow> rows) {
    new Finder(index, this, context).find(query, view, from, to, limit, after, rows);
  }

  /**
   * When {@code query} of {@code view} was seen as of {@code step}: its first and last step, the
   * steps of its {@code nth} occurrences, the steps that held it, and with {@code per} (a schedule
   * or list of steps, or null) its counts in each interval.
   */
  public ExposureRow exposures(String query, String view, long step, List<Long> nth, String per) {
    ViewQuery compiled = index.compile(view, query);
    return Exposures.exposures(
        index,
        query,
        null,
        view,
        step,
        nth,
        per,
        shard -> index.matches(compiled, shard),
        steps -> index.timeline(compiled, steps));
  }

  /**
   * {@link #exposures} of the sequences holding both {@code a} and {@code b} (as {@code cooccur}
   * counts them; within {@code window} words of each other when positive, text view only).
   */
  public ExposureRow pairExposures(
      String a, String b, String view, int window, long step, List<Long> nth, String per) {
    Answers.checkCooccur(index, view, a, b, window);
    return Exposures.exposures(
        index,
        null,
        List.of(a, b),
        view,
        step,
        nth,
        per,
        shard -> index.cooccurMatches(view, a, b, window, shard),
        steps ->
            window > 0
                ? index.cooccurTimeline(a, b, window, steps)
                : index.cooccurTimeline(view, a, b, steps));
  }

  /**
   * The tokens that followed the token {@code context} in the sequences seen by {@code step}, most
   * frequent first, at most {@code top} ({@code 0}: all); with {@code backOff}, those of the
   * longest suffix of the context that was followed by anything (infini-gram's ∞-gram).
   */
  public List<NextRow> next(int[] context, long step, int top, boolean backOff) {
    return new NextTokens(index, text()).next(context, step, top, backOff);
  }

  /** The token ids of {@code text} in the index's tokenizer (for {@code next --encode}). */
  public int[] encode(String words) {
    int[] ids = text().tokenizer().encode(words);
    if (ids.length == 0) {
      throw new StepIndexException("--encode '" + words + "' encodes to no tokens");
    }
    return ids;
  }

  /**
   * A context given as token ids, separated by white space or commas ({@code next IDS}, the
   * server's {@code context}); anything but whole numbers is a one-line error (the ids themselves
   * are checked by {@link #next}).
   */
  public static int[] parseIds(String text) {
    if (text.isBlank()) {
      return new int[0];
    }
    String[] parts = text.strip().split("[\\s,]+");
    int[] ids = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        ids[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        throw new StepIndexException(
            "the context '"
                + text
                + "' has '"
                + parts[i]
                + "', which is not a token id;"
                + " give ids like '805 1249' or use --encode TEXT");
      }
    }
    return ids;
  }

  /**
   * Parses {@code --nth 1,10,100}: whole numbers of at least 1; a one-line error for anything else.
   */
  public static List<Long> parseNth(String text) {
    return Exposures.parseNth(text);
  }

  /**
   * Opens the training data now rather than on the first {@code find} or {@code next} (a server
   * may, and the bench times it apart): it reads the data's whole {@code .idx} once.
   */
  public void openData() {
    text();
  }

  /** The training data, opened on first use. */
  synchronized TrainingText text() {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (text == null) {
      text = TrainingText.open(index.dir(), index.manifest(), dataOverride, tokenizerOverride);
    }
    return text;
  }

  /**
   * The entity file the {@code entities} view was added from, read on first use and checked against
   * it.
   */
  synchronized EntityDictionary entities() {
    if (entities == null) {
      Manifest.AddedView view = index.manifest().addedView(EntitiesView.NAME);
      Path file = Path.of(view.source());
      if (!Files.isRegularFile(file)) {
        throw new StepIndexException(
            "find --view entities reads the entity file the view was added from, "
                + file
                + ", which is not there any more");
      }
      EntityDictionary dictionary = EntityDictionary.read(file);
      if (!dictionary.fingerprint().equals(view.fingerprint())) {
        throw new StepIndexException(
            "the entity file "
                + file
                + " changed since the entities view of "
                + index.dir()
                + " was added from it; find --view entities needs the file as it was");
      }
      entities = dictionary;
    }
    return entities;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (text != null) {
      text.close();
      text = null;
    }
  }
}
