package org.stepindex.indexer.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.stepindex.indexer.StepIndexException;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.entities.EntitiesView;
import org.stepindex.indexer.entities.EntityDictionary;
import org.stepindex.indexer.entities.EntityPairs;
import org.stepindex.indexer.intervention.Intervention;
import org.stepindex.indexer.intervention.Interventions;
import org.stepindex.indexer.layout.StepReader;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.BigramsView;
import org.stepindex.indexer.views.View;

/**
 * Adds a view to an existing index without touching what is there: for every shard, a side Lucene index of the new
 * view alone, over the same sequences in the same order (so the same doc ids), at {@code views/NAME/SHARD/}. The
 * query side reads a shard and its side indexes as one (Lucene's {@code ParallelCompositeReader}).
 *
 * <p>It works as {@link IndexBuilder} does: the manifest records the view (with its source fingerprints) before any
 * shard is written; each side index is built in a temporary directory, renamed into place when complete, and only
 * then listed in the manifest's {@link Manifest.AddedView#shards()}; shards build in parallel. After a {@code kill -9}
 * the same command removes the debris and builds what is missing. Shards added to the index later get the view when
 * the same command runs again. A different entity or pair file for a view already added is refused. Writers may run
 * side by side (two {@code --add-view} runs, or one beside an extension): each side index is claimed before it is
 * built and every manifest change is made under the {@link IndexLock}, as {@link IndexBuilder} does for shards.
 */
public final class ViewAdder {
  /** The directory of added views inside an index, as {@link IndexLayout#VIEWS} names it. */
  public static final String VIEWS_DIR = IndexLayout.VIEWS;

  private static final long CLAIM_POLL_MILLIS = 100;

  private ViewAdder() {}

  /** What {@link #add} did. */
  public record Result(int shardsBuilt, int shardsKept, long tokens, double seconds, Manifest manifest) {
    /** Tokens per second of this run. */
    public double tokensPerSecond() {
      return seconds > 0 ? tokens / seconds : 0;
    }
  }

  /** The fingerprint of the bigrams view: its analysis, which has no source file. */
  static final String BIGRAMS_FINGERPRINT = "bigrams: text-view words, ShingleFilter 2";

  /** The view to add and what identifies its source. */
  private record Addition(View view, String source, String fingerprint, String pairsFingerprint, List<String> pairs) {}

  /** Builds the view for every shard of the index that lacks it. */
  public static Result add(AddViewOptions options, BuildProgress progress) {
    long start = System.nanoTime();
    Path dir = options.indexDir();
    Manifest manifest = Manifest.read(dir);
    if (manifest.views().contains(options.view())) {
      throw new StepIndexException("the index at " + dir + " already has a '" + options.view() + "' view");
    }
    if (options.layout() != null && !options.layout().equals(manifest.layout())) {
      throw new StepIndexException(
          "the index at " + dir + " was built with layout " + manifest.layout() + ", not " + options.layout()
              + "; leave out --batch-size/--seq-length or give the index's");
    }
    Addition addition = addition(options);
    Manifest.AddedView existing = manifest.addedView(options.view());
    if (existing != null) {
      checkSameSources(dir, existing, addition, options);
    }
    Path data = options.data() != null ? options.data() : Path.of(manifest.data().path());
    Path tokenizerFile = options.tokenizer() != null ? options.tokenizer() : Path.of(manifest.tokenizer().path());
    try (MegatronDataset dataset = MegatronDataset.open(data);
        HfTokenizer tokenizer = HfTokenizer.load(tokenizerFile)) {
      if (!IndexBuilder.fingerprint(dataset).equals(manifest.data().fingerprint())) {
        throw new StepIndexException(
            "the index at " + dir + " was built from other data than " + data + "; give --data the index's data");
      }
      if (!tokenizer.sha256().equals(manifest.tokenizer().sha256())) {
        throw new StepIndexException(
            "the index at " + dir + " was built with another tokenizer than " + tokenizerFile
                + "; give --tokenizer the index's tokenizer.json");
      }
      Intervention intervention =
          manifest.intervention() == null
              ? null
              : Interventions.parse(manifest.intervention(), tokenizer, manifest.dataSteps());
      Target target = new Target(dir, options.view());
      target.register(addition, options);
      StepReader reader = new StepReader(dataset, manifest.layout(), intervention);
      return target.run(reader, tokenizer, addition.view(), options, progress, start);
    } catch (IOException e) {
      throw new StepIndexException("cannot add view " + options.view() + " to " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Addition addition(AddViewOptions options) {
    switch (options.view()) {
      case EntitiesView.NAME -> {
        if (options.entities() == null) {
          throw new StepIndexException("--add-view entities needs --entities FILE");
        }
        EntityDictionary dictionary = EntityDictionary.read(options.entities());
        EntityPairs pairs = options.entityPairs() == null
            ? EntityPairs.none(dictionary)
            : EntityPairs.read(options.entityPairs(), dictionary);
        return new Addition(new EntitiesView(dictionary, pairs), options.entities().toAbsolutePath().toString(),
            dictionary.fingerprint(), pairs.fingerprint(), pairs.terms());
      }
      case BigramsView.NAME -> {
        if (options.entities() != null || options.entityPairs() != null) {
          throw new StepIndexException("--entities and --entity-pairs belong to the entities view, not to bigrams");
        }
        return new Addition(new BigramsView(), "built-in", BIGRAMS_FINGERPRINT, null, List.of());
      }
      default -> throw new StepIndexException("cannot add view '" + options.view() + "'; the views that can be added"
          + " to an index are " + EntitiesView.NAME + " and " + BigramsView.NAME);
    }
  }

  private static void checkSameSources(Path dir, Manifest.AddedView existing, Addition addition,
      AddViewOptions options) {
    if (!existing.fingerprint().equals(addition.fingerprint())) {
      throw new StepIndexException(
          "the '" + existing.name() + "' view of " + dir + " was built from another entity file (" + existing.source()
              + ", sha256 " + existing.fingerprint().substring(0, 12) + "), not " + options.entities()
              + "; give the same file, or a new index (the index was left unchanged)");
    }
    String now = addition.pairsFingerprint();
    if (!java.util.Objects.equals(existing.pairsFingerprint(), now)) {
      throw new StepIndexException(
          "the '" + existing.name() + "' view of " + dir + " was built with "
              + (existing.pairsFingerprint() == null ? "no --entity-pairs" : "another --entity-pairs file")
              + ", not " + (options.entityPairs() == null ? "none" : options.entityPairs())
              + "; give the same, or a new index (the index was left unchanged)");
    }
  }

  /**
   * The view being added. Several writers may add the same view, or extend the index, at once: every manifest change
   * is made under the {@link IndexLock} against the manifest on disk, and each shard's side index is claimed
   * ({@link ShardClaims}, claim {@code view-NAME-SHARD}) before it is built, so the writers share the work and none
   * undoes another's; a killed writer's claim is free again and its shard is taken over.
   */
  private static final class Target {
    final Path dir;
    final Path viewDir;
    final String view;
    final ShardClaims claims;
    int built;
    long builtTokens;

    Target(Path dir, String view) {
      this.dir = dir;
      this.viewDir = IndexLayout.of(dir).view(view);
      this.view = view;
      this.claims = new ShardClaims(dir);
    }

    private String claimName(String shard) {
      return IndexLayout.viewClaim(view, shard);
    }

    /**
     * Under the lock: records the view in the manifest (the first time), after its pair list is in place, and
     * removes debris of killed runs: entries the manifest does not list whose claim is free, and free claim files of
     * this view (a writer killed after publishing a shard, before releasing its claim, leaves one in {@code shards/}).
     */
    void register(Addition addition, AddViewOptions options) throws IOException {
      try (IndexLock lock = IndexLock.acquire(dir)) {
        Manifest current = Manifest.read(dir);
        Manifest.AddedView existing = current.addedView(view);
        if (existing == null) {
          AtomicFiles.deleteTree(viewDir);
          Files.createDirectories(viewDir);
          List<String> pairs = addition.pairs();
          AtomicFiles.write(IndexLayout.of(dir).declaredPairs(view),
              (String.join("\n", pairs) + (pairs.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8));
          current.withAddedView(new Manifest.AddedView(view, addition.source(), addition.fingerprint(),
              addition.pairsFingerprint(), pairs.size(), List.of())).write(dir);
          return;
        }
        checkSameSources(dir, existing, addition, options); // another writer may have added it since the first look
        claims.removeFree(claimName(""));
        Files.createDirectories(viewDir);
        Set<String> keep = new HashSet<>(existing.shards());
        keep.add(IndexLayout.DECLARED_PAIRS);
        try (Stream<Path> entries = Files.list(viewDir)) {
          for (Path entry : entries.toList()) {
            String name = entry.getFileName().toString();
            if (keep.contains(name)) {
              continue;
            }
            String shard = IndexLayout.shardOf(name);
            try (ShardClaims.Claim claim = claims.tryClaim(claimName(shard))) {
              if (claim != null) {
                AtomicFiles.deleteTree(entry); // a killed writer's; a live one holds its claim
              }
            }
          }
        }
      }
    }

    Result run(StepReader reader, HfTokenizer tokenizer, View addedView,
        AddViewOptions options, BuildProgress progress, long start) {
      Manifest first = Manifest.read(dir);
      int kept = first.addedView(view).shards().size();
      List<ShardInfo> initial = missing(first);
      progress.plan(initial.stream().mapToLong(ShardInfo::sequences).sum(),
          initial.stream().mapToLong(ShardInfo::tokens).sum(), initial.size());
      // Each pass plans against the manifest on disk: another writer may finish shards meanwhile, or hold claims.
      for (List<ShardInfo> plan = initial; !plan.isEmpty(); plan = missing(Manifest.read(dir))) {
        int threads = Math.max(1, Math.min(options.threads(), plan.size()));
        AtomicBoolean cancelled = new AtomicBoolean();
        ShardWriter writer = new ShardWriter(reader, tokenizer, List.of(addedView), progress, cancelled,
            ShardWriter.ramBufferMb(threads));
        List<ShardInfo> bySize = new ArrayList<>(plan);
        bySize.sort(Comparator.comparingLong(ShardInfo::tokens).reversed());
        List<ShardInfo> heldElsewhere = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().factory());
        try {
          ShardTasks.runAll(pool, dir, cancelled, bySize, shard -> {
            if (!tryBuild(writer, shard, progress)) {
              heldElsewhere.add(shard);
            }
          });
        } finally {
          cancelled.set(true);
          pool.shutdown();
          ShardTasks.awaitQuietly(pool);
        }
        if (!heldElsewhere.isEmpty()) {
          // Another writer is building these: wait a little, then plan again (its claim frees when it publishes
          // or dies; then the shard is listed, or this writer takes it over).
          try {
            Thread.sleep(CLAIM_POLL_MILLIS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepIndexException("interrupted while adding view " + view + " to " + dir);
          }
        }
      }
      TermStatsTable.refreshAfterBuild(dir);
      double seconds = (System.nanoTime() - start) / 1e9;
      synchronized (this) {
        return new Result(built, kept, builtTokens, seconds, Manifest.read(dir));
      }
    }

    private List<ShardInfo> missing(Manifest manifest) {
      Set<String> done = new HashSet<>(manifest.addedView(view).shards());
      List<ShardInfo> plan = new ArrayList<>();
      for (ShardInfo shard : manifest.shards()) {
        if (!done.contains(shard.name())) {
          plan.add(shard);
        }
      }
      return plan;
    }

    /** Builds and publishes the side index of {@code shard} if this writer can claim it; false if another holds it. */
    private boolean tryBuild(ShardWriter writer, ShardInfo shard, BuildProgress progress) throws IOException {
      try (ShardClaims.Claim claim = claims.tryClaim(claimName(shard.name()))) {
        if (claim == null) {
          return false;
        }
        if (!Manifest.read(dir).addedView(view).shards().contains(shard.name())) {
          build(writer, shard, progress);
        }
        return true;
      }
    }

    private void build(ShardWriter writer, ShardInfo shard, BuildProgress progress) throws IOException {
      if (writer.writeAside(shard, viewDir, tmp -> publish(shard, tmp))) {
        synchronized (this) {
          built++;
          builtTokens += shard.tokens();
        }
        progress.shardDone();
      }
    }

    /** Renames the finished side index into place and lists it in the manifest as it is on disk now, under the lock. */
    private boolean publish(ShardInfo shard, Path tmp) throws IOException {
      try (IndexLock lock = IndexLock.acquire(dir)) {
        Manifest current = Manifest.read(dir);
        if (current.addedView(view).shards().contains(shard.name())) {
          return false; // built twice (see ShardClaims): the published copy stays, this one is discarded
        }
        Path finalDir = IndexLayout.of(dir).sideIndex(view, shard.name());
        AtomicFiles.deleteTree(finalDir); // unlisted: debris of a writer killed between rename and manifest
        Files.move(tmp, finalDir);
        current.withAddedView(current.addedView(view).withShard(shard.name())).write(dir);
        return true;
      }
    }
  }
}
