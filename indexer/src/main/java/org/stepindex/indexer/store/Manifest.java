package org.stepindex.indexer.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.order.RecordedOrder;

/**
 * What an index is: the step layout, the data and tokenizer it was built from (with fingerprints),
 * the views it holds, its shard schedule and the shards built so far. Stored as {@code
 * manifest.json} at the index root and replaced atomically after every finished shard, so it always
 * lists exactly the shards that are complete.
 *
 * @param format format tag, {@link #FORMAT}
 * @param layout batch size and sequence length
 * @param data the training data the index was built from
 * @param tokenizer the tokenizer used to decode it
 * @param views names of the views (Lucene fields) built
 * @param shardSchedule the checkpoint schedule whose steps are the default shard boundaries
 * @param shards the complete shards, in step order
 * @param intervention the resolved spec of the intervention applied to the data before indexing
 *     ({@code swap-pronouns@132990}), or null when the index holds the data as it is; manifests
 *     written before interventions existed have no such field and read as null
 * @param addedViews views added to the index after its build ({@code index --add-view}), each a
 *     per-shard side index under {@code views/NAME/}; empty (and absent from the file) when there
 *     are none
 * @param order the training order the sequences were read in (GPT-NeoX's maps, OLMo's global
 *     indices), or null for a pre-shuffled dataset read as it lies, which manifests written before
 *     orders existed are
 */
public record Manifest(
    String format,
    StepLayout layout,
    DataInfo data,
    TokenizerInfo tokenizer,
    List<String> views,
    String shardSchedule,
    List<ShardInfo> shards,
    // Left out when null, so an index of the plain data has the manifest it had before
    // interventions existed.
    @JsonInclude(JsonInclude.Include.NON_NULL) String intervention,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AddedView> addedViews,
    // Left out when null, so an index of a pre-shuffled dataset has the manifest it had before
    // orders existed.
    @JsonInclude(JsonInclude.Include.NON_NULL) RecordedOrder order) {

  /**
   * The file name of the manifest inside an index directory, as {@link IndexLayout#MANIFEST} names
   * it.
   */
  public static final String FILE_NAME = IndexLayout.MANIFEST;

  /** The format tag this code reads and writes. */
  public static final String FORMAT = "stepindex-1";

  /**
   * The training data behind an index.
   *
   * @param path where it was read from when the index was created (informational)
   * @param fingerprint content fingerprint; a build over other data is refused
   * @param sequences sequences in the whole dataset
   * @param tokens tokens in the whole dataset
   */
  public record DataInfo(String path, String fingerprint, long sequences, long tokens) {}

  /**
   * The tokenizer behind an index.
   *
   * @param path where it was read from (informational)
   * @param sha256 hash of the tokenizer.json bytes; a build with another tokenizer is refused
   * @param vocabSize 1 + the largest token id
   */
  public record TokenizerInfo(String path, String sha256, int vocabSize) {}

  /**
   * A view added to an existing index: a Lucene index per shard under {@code views/NAME/SHARD/},
   * with the shard's doc ids, built from the files whose fingerprints it records.
   *
   * @param name the view, e.g. {@code entities}
   * @param source the file it was built from (informational)
   * @param fingerprint SHA-256 of that file; adding the view again from a different file is refused
   * @param pairsFingerprint SHA-256 of the declared-pairs file, or null for none
   * @param pairs number of declared pairs
   * @param shards the shards whose side index is complete, by name
   */
  public record AddedView(
      String name,
      String source,
      String fingerprint,
      String pairsFingerprint,
      int pairs,
      List<String> shards) {
    public AddedView {
      shards = List.copyOf(shards);
    }

    /** This view with one more shard done. */
    public AddedView withShard(String shard) {
      List<String> all = new ArrayList<>(shards);
      all.add(shard);
      all.sort(Comparator.naturalOrder());
      return new AddedView(name, source, fingerprint, pairsFingerprint, pairs, all);
    }
  }

  public Manifest {
    shards = List.copyOf(shards);
    views = List.copyOf(views);
    addedViews = addedViews == null ? List.of() : List.copyOf(addedViews);
  }

  /** A manifest without added views, of a pre-shuffled dataset. */
  public Manifest(
      String format,
      StepLayout layout,
      DataInfo data,
      TokenizerInfo tokenizer,
      List<String> views,
      String shardSchedule,
      List<ShardInfo> shards,
      String intervention) {
    this(
        format,
        layout,
        data,
        tokenizer,
        views,
        shardSchedule,
        shards,
        intervention,
        List.of(),
        null);
  }

  /** Steps in the whole dataset, a trailing partial batch counted as a step. */
  public long dataSteps() {
    return layout.stepCount(data.sequences());
  }

  /**
   * The end of the sequences that steps {@code [0, step)} read: sequences {@code [0, end)}, the
   * step's first sequence capped by the end of the data (the trailing partial batch).
   */
  public long sequencesBefore(long step) {
    return Math.min(layout.firstSequence(step), data.sequences());
  }

  /** Sequences in the built shards. */
  public long indexedSequences() {
    return shards.stream().mapToLong(ShardInfo::sequences).sum();
  }

  /** Tokens in the built shards. */
  public long indexedTokens() {
    return shards.stream().mapToLong(ShardInfo::tokens).sum();
  }

  /**
   * The indexed step ranges, adjacent shards merged, e.g. {@code 0:4000, 6000:7000}; "nothing" when
   * empty.
   */
  public String indexedRanges() {
    StringBuilder out = new StringBuilder();
    long start = -1;
    long end = -1;
    for (ShardInfo shard : shards) {
      if (shard.firstStep() != end) {
        appendRange(out, start, end);
        start = shard.firstStep();
      }
      end = shard.endStep();
    }
    appendRange(out, start, end);
    return out.isEmpty() ? "nothing" : out.toString();
  }

  private static void appendRange(StringBuilder out, long start, long end) {
    if (start >= 0) {
      out.append(out.isEmpty() ? "" : ", ").append(start).append(':').append(end);
    }
  }

  /** This manifest with one more shard, shards kept in step order. */
  public Manifest withShard(ShardInfo shard) {
    List<ShardInfo> all = new ArrayList<>(shards);
    all.add(shard);
    return withShards(all);
  }

  /** This manifest with {@code view} replacing the added view of the same name, or added. */
  public Manifest withAddedView(AddedView view) {
    List<AddedView> all = new ArrayList<>();
    for (AddedView v : addedViews) {
      if (!v.name().equals(view.name())) {
        all.add(v);
      }
    }
    all.add(view);
    return new Manifest(
        format, layout, data, tokenizer, views, shardSchedule, shards, intervention, all, order);
  }

  /** The added view of that name, or null. */
  public AddedView addedView(String name) {
    for (AddedView view : addedViews) { // a loop, not a stream: a batch asks once per query
      if (view.name().equals(name)) {
        return view;
      }
    }
    return null;
  }

  /**
   * This manifest with exactly {@code kept} as its shards (e.g. without shards found damaged), in
   * step order; the added views stay as they are (a side index belongs to its shard's sequences,
   * which a rebuilt shard holds again).
   */
  public Manifest withShards(List<ShardInfo> kept) {
    List<ShardInfo> all = new ArrayList<>(kept);
    all.sort(Comparator.comparingLong(ShardInfo::firstStep));
    return new Manifest(
        format,
        layout,
        data,
        tokenizer,
        views,
        shardSchedule,
        all,
        intervention,
        addedViews,
        order);
  }

  /** Whether the index holds intervened data rather than the data as it is. */
  public boolean hasIntervention() {
    return intervention != null;
  }

  /** Whether the index holds the given view, built with it or added later. */
  public boolean hasView(String view) {
    return views.contains(view) || addedView(view) != null;
  }

  /** Parses manifest bytes as {@link #write} writes them (see {@link ManifestReader}). */
  public static Manifest parse(byte[] json) throws IOException {
    return ManifestReader.read(json);
  }

  /**
   * Reads {@code DIR/manifest.json}; a missing or unreadable manifest is a user error naming the
   * directory.
   */
  public static Manifest read(Path indexDir) {
    Path file = IndexLayout.of(indexDir).manifest();
    Manifest manifest;
    try {
      manifest = parse(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new StepIndexException(
          "no index at "
              + indexDir
              + " (no "
              + IndexLayout.MANIFEST
              + "); build one with 'stepindex index'");
    } catch (IOException e) {
      throw new StepIndexException("cannot read " + file + ": " + e.getMessage());
    }
    if (!FORMAT.equals(manifest.format())) {
      throw new StepIndexException(
          file
              + " has format '"
              + manifest.format()
              + "', this stepindex reads '"
              + FORMAT
              + "'; rebuild the index");
    }
    return manifest;
  }

  /** Whether {@code dir} holds a manifest. */
  public static boolean exists(Path indexDir) {
    return Files.isRegularFile(IndexLayout.of(indexDir).manifest());
  }

  /** Writes this manifest into {@code indexDir} atomically (temporary file, then rename). */
  public void write(Path indexDir) {
    Path file = IndexLayout.of(indexDir).manifest();
    try {
      AtomicFiles.write(file, Json.pretty().writeValueAsBytes(this));
    } catch (IOException e) {
      throw new StepIndexException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The manifest as JSON text (for {@code stats}). */
  public String toJson() {
    try {
      return Json.pretty().writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
