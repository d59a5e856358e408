package org.stepindex.indexer.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.entities.EntitiesView;
import org.stepindex.indexer.entities.EntityDictionary;
import org.stepindex.indexer.entities.EntityPairs;
import org.stepindex.indexer.intervention.Intervention;
import org.stepindex.indexer.intervention.Interventions;
import org.stepindex.indexer.layout.StepReader;
import org.stepindex.indexer.order.DataFingerprint;
import org.stepindex.indexer.order.OrderSpec;
import org.stepindex.indexer.order.SequenceSource;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.BigramsView;
import org.stepindex.indexer.views.View;

/**
 * Adds a view to an existing index without touching what is there: for every shard, a side Lucene
 * index of the new view alone, over the same sequences in the same order (so the same doc ids), at
 * {@code views/NAME/SHARD/}. The query side reads a shard and its side indexes as one (Lucene's
 * {@code ParallelCompositeReader}).
 *
 * <p>It works as {@link IndexBuilder} does: the manifest records the view (with its source
 * fingerprints) before any shard is written; each side index is built in a temporary directory,
 * renamed into place when complete, and only then listed in the manifest's {@link
 * Manifest.AddedView#shards()}; shards build in parallel. After a {@code kill -9} the same command
 * removes the debris and builds what is missing. Shards added to the index later get the view when
 * the same command runs again. A different entity or pair file for a view already added is refused.
 * Writers may run side by side (two {@code --add-view} runs, or one beside an extension): each side
 * index is claimed before it is built and every manifest change is made under the {@link
 * IndexLock}, as {@link IndexBuilder} does for shards.
 */
public final class ViewAdder {
  /** The directory of added views inside an index, as {@link IndexLayout#VIEWS} names it. */
  public static final String VIEWS_DIR = IndexLayout.VIEWS;

  private ViewAdder() {}

  /** What {@link #add} did. */
  public record Result(
      int shardsBuilt, int shardsKept, long tokens, double seconds, Manifest manifest) {
    /** Tokens per second of this run. */
    public double tokensPerSecond() {
      return seconds > 0 ? tokens / seconds : 0;
    }
  }

  /** The fingerprint of the bigrams view: its analysis, which has no source file. */
  static final String BIGRAMS_FINGERPRINT = "bigrams: text-view words, ShingleFilter 2";

  /** The view to add and what identifies its source. */
  private record Addition(
      View view, String source, String fingerprint, String pairsFingerprint, List<String> pairs) {}

  /** Builds the view for every shard of the index that lacks it. */
  public static Result add(AddViewOptions options, BuildProgress progress) {
    long start = System.nanoTime();
    Path dir = options.indexDir();
    Manifest manifest = Manifest.read(dir);
    if (manifest.views().contains(options.view())) {
      throw new StepIndexException(
          "the index at " + dir + " already has a '" + options.view() + "' view");
    }
    if (options.layout() != null && !options.layout().equals(manifest.layout())) {
      throw new StepIndexException(
          "the index at "
              + dir
              + " was built with layout "
              + manifest.layout()
              + ", not "
              + options.layout()
              + "; leave out --batch-size/--seq-length or give the index's");
    }
    Addition addition = addition(options);
    Manifest.AddedView existing = manifest.addedView(options.view());
    if (existing != null) {
      checkSameSources(dir, existing, addition, options);
    }
    Path data = options.data() != null ? options.data() : Path.of(manifest.data().path());
    Path tokenizerFile =
        options.tokenizer() != null ? options.tokenizer() : Path.of(manifest.tokenizer().path());
    try (SequenceSource dataset =
            OrderSpec.recorded(manifest.order(), data).open(manifest.layout().seqLength());
        HfTokenizer tokenizer = HfTokenizer.load(tokenizerFile)) {
      if (!DataFingerprint.of(dataset).equals(manifest.data().fingerprint())) {
        throw new StepIndexException(
            "the index at "
                + dir
                + " was built from other data than "
                + data
                + "; give --data the index's data");
      }
      if (!tokenizer.sha256().equals(manifest.tokenizer().sha256())) {
        throw new StepIndexException(
            "the index at "
                + dir
                + " was built with another tokenizer than "
                + tokenizerFile
                + "; give --tokenizer the index's tokenizer.json");
      }
      Intervention intervention =
          manifest.intervention() == null
              ? null
              : Interventions.parse(manifest.intervention(), tokenizer, manifest.dataSteps());
      SideIndexes target = new SideIndexes(IndexLayout.of(dir), options.view());
      ShardPipeline pipeline = new ShardPipeline(dir, target);
      register(dir, target, pipeline, addition, options);
      StepReader reader = new StepReader(dataset, manifest.layout(), intervention);
      return run(
          dir, target, pipeline, reader, tokenizer, addition.view(), options, progress, start);
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot add view " + options.view() + " to " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Addition addition(AddViewOptions options) {
    switch (options.view()) {
      case EntitiesView.NAME -> {
        if (options.entities() == null) {
          throw new StepIndexException("--add-view entities needs --entities FILE");
        }
        EntityDictionary dictionary = EntityDictionary.read(options.entities());
        EntityPairs pairs =
            options.entityPairs() == null
                ? EntityPairs.none(dictionary)
                : EntityPairs.read(options.entityPairs(), dictionary);
        return new Addition(
            new EntitiesView(dictionary, pairs),
            options.entities().toAbsolutePath().toString(),
            dictionary.fingerprint(),
            pairs.fingerprint(),
            pairs.terms());
      }
      case BigramsView.NAME -> {
        if (options.entities() != null || options.entityPairs() != null) {
          throw new StepIndexException(
              "--entities and --entity-pairs belong to the entities view, not to bigrams");
        }
        return new Addition(new BigramsView(), "built-in", BIGRAMS_FINGERPRINT, null, List.of());
      }
      default ->
          throw new StepIndexException(
              "cannot add view '"
                  + options.view()
                  + "'; the views that can be added"
                  + " to an index are "
                  + EntitiesView.NAME
                  + " and "
                  + BigramsView.NAME);
    }
  }

  private static void checkSameSources(
      Path dir, Manifest.AddedView existing, Addition addition, AddViewOptions options) {
    if (!existing.fingerprint().equals(addition.fingerprint())) {
      throw new StepIndexException(
          "the '"
              + existing.name()
              + "' view of "
              + dir
              + " was built from another entity file ("
              + existing.source()
              + ", sha256 "
              + existing.fingerprint().substring(0, 12)
              + "), not "
              + options.entities()
              + "; give the same file, or a new index (the index was left unchanged)");
    }
    String now = addition.pairsFingerprint();
    if (!java.util.Objects.equals(existing.pairsFingerprint(), now)) {
      throw new StepIndexException(
          "the '"
              + existing.name()
              + "' view of "
              + dir
              + " was built with "
              + (existing.pairsFingerprint() == null
                  ? "no --entity-pairs"
                  : "another --entity-pairs file")
              + ", not "
              + (options.entityPairs() == null ? "none" : options.entityPairs())
              + "; give the same, or a new index (the index was left unchanged)");
    }
  }

  /**
   * Under the lock: records the view in the manifest (the first time), after its pair list is in
   * place; or, when an earlier run recorded it, checks the sources are the same and removes the
   * debris of killed runs ({@link ShardPipeline#removeDebris}).
   */
  private static void register(
      Path dir,
      SideIndexes target,
      ShardPipeline pipeline,
      Addition addition,
      AddViewOptions options)
      throws IOException {
    String view = target.view();
    try (IndexLock lock = IndexLock.acquire(dir)) {
      Manifest current = Manifest.read(dir);
      Manifest.AddedView existing = current.addedView(view);
      if (existing == null) {
        AtomicFiles.deleteTree(target.parent());
        Files.createDirectories(target.parent());
        List<String> pairs = addition.pairs();
        AtomicFiles.write(
            target.paths().declaredPairs(view),
            (String.join("\n", pairs) + (pairs.isEmpty() ? "" : "\n"))
                .getBytes(StandardCharsets.UTF_8));
        current
            .withAddedView(
                new Manifest.AddedView(
                    view,
                    addition.source(),
                    addition.fingerprint(),
                    addition.pairsFingerprint(),
                    pairs.size(),
                    List.of()))
            .write(dir);
        return;
      }
      checkSameSources(
          dir, existing, addition,
          options); // another writer may have added it since the first look
      pipeline.removeDebris(current);
    }
  }

  private static Result run(
      Path dir,
      SideIndexes target,
      ShardPipeline pipeline,
      StepReader reader,
      HfTokenizer tokenizer,
      View addedView,
      AddViewOptions options,
      BuildProgress progress,
      long start) {
    Manifest first = Manifest.read(dir);
    int kept = first.addedView(target.view()).shards().size();
    int threads = Math.max(1, options.threads());
    ShardWriter writer =
        new ShardWriter(
            reader, tokenizer, List.of(addedView), progress, ShardWriter.ramBufferMb(threads));
    pipeline.buildMissing(first, threads, writer, progress);
    TermStatsTable.refreshAfterBuild(dir);
    List<ShardInfo> built = pipeline.published();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(
        built.size(),
        kept,
        built.stream().mapToLong(ShardInfo::tokens).sum(),
        seconds,
        Manifest.read(dir));
  }

  /**
   * The view being added: its side index of every shard of the index, {@code views/NAME/SHARD/}.
   * Several writers may add the same view, or extend the index, at once: each side index is claimed
   * ({@link ShardClaims}, claim {@code view-NAME-SHARD}) before it is built and listed in the
   * view's entry of the manifest under the {@link IndexLock}, so the writers share the work and
   * none undoes another's; a killed writer's claim is free again and its shard is taken over.
   */
  private record SideIndexes(IndexLayout paths, String view) implements ShardTarget {
    @Override
    public Path parent() {
      return paths.view(view);
    }

    @Override
    public Path directory(String shard) {
      return paths.sideIndex(view, shard);
    }

    @Override
    public String claim(String shard) {
      return IndexLayout.viewClaim(view, shard);
    }

    @Override
    public List<ShardInfo> missing(Manifest manifest) {
      Set<String> done = new HashSet<>(manifest.addedView(view).shards());
      List<ShardInfo> plan = new ArrayList<>();
      for (ShardInfo shard : manifest.shards()) {
        if (!done.contains(shard.name())) {
          plan.add(shard);
        }
      }
      return plan;
    }

    @Override
    public boolean isPublished(Manifest manifest, ShardInfo shard) {
      return manifest.addedView(view).shards().contains(shard.name());
    }

    @Override
    public Manifest withPublished(Manifest manifest, ShardInfo shard) {
      return manifest.withAddedView(manifest.addedView(view).withShard(shard.name()));
    }

    /** The side indexes the manifest lists, and the declared pairs beside them. */
    @Override
    public Set<String> kept(Manifest manifest) {
      Set<String> kept = new HashSet<>(manifest.addedView(view).shards());
      kept.add(IndexLayout.DECLARED_PAIRS);
      return kept;
    }
  }
}
