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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.stepindex.indexer.StepIndexException;
import org.stepindex.indexer.data.MegatronDataset;
import org.stepindex.indexer.entities.EntitiesView;
import org.stepindex.indexer.entities.EntityDictionary;
import org.stepindex.indexer.entities.EntityPairs;
import org.stepindex.indexer.intervention.Intervention;
import org.stepindex.indexer.intervention.Interventions;
import org.stepindex.indexer.layout.StepLayout;
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
 * the same command runs again. A different entity or pair file for a view already added is refused.
 */
public final class ViewAdder {
  /** The directory of added views inside an index. */
  public static final String VIEWS_DIR = "views";
  /** The declared pairs of an entities view, one term a line, beside its shards. */
  public static final String PAIRS_FILE = "declared-pairs.tsv";

  private static final String TMP_PREFIX = ".tmp-";

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
      Path viewDir = dir.resolve(VIEWS_DIR).resolve(options.view());
      Target target = new Target(dir, viewDir, manifest, options.view());
      target.register(existing, addition);
      return target.run(dataset, tokenizer, intervention, addition.view(), options, progress, start);
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

  /** The view being added, with the manifest as this run leaves it. */
  private static final class Target {
    final Path dir;
    final Path viewDir;
    final String view;
    Manifest manifest;

    Target(Path dir, Path viewDir, Manifest manifest, String view) {
      this.dir = dir;
      this.viewDir = viewDir;
      this.manifest = manifest;
      this.view = view;
    }

    /** Records the view in the manifest (first time), after its pair list is in place; removes a killed run's debris. */
    void register(Manifest.AddedView existing, Addition addition) throws IOException {
      Files.createDirectories(viewDir);
      if (existing == null) {
        AtomicFiles.deleteTree(viewDir);
        Files.createDirectories(viewDir);
        List<String> pairs = addition.pairs();
        AtomicFiles.write(viewDir.resolve(PAIRS_FILE),
            (String.join("\n", pairs) + (pairs.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8));
        manifest = manifest.withAddedView(new Manifest.AddedView(view, addition.source(), addition.fingerprint(),
            addition.pairsFingerprint(), pairs.size(), List.of()));
        manifest.write(dir);
        return;
      }
      Set<String> keep = new HashSet<>(existing.shards());
      keep.add(PAIRS_FILE);
      try (Stream<Path> entries = Files.list(viewDir)) {
        for (Path entry : entries.toList()) {
          if (!keep.contains(entry.getFileName().toString())) {
            AtomicFiles.deleteTree(entry);
          }
        }
      }
    }

    Result run(MegatronDataset data, HfTokenizer tokenizer, Intervention intervention, View addedView,
        AddViewOptions options, BuildProgress progress, long start) {
      Set<String> done = new HashSet<>(manifest.addedView(view).shards());
      List<ShardInfo> plan = new ArrayList<>();
      for (ShardInfo shard : manifest.shards()) {
        if (!done.contains(shard.name())) {
          plan.add(shard);
        }
      }
      progress.plan(plan.stream().mapToLong(ShardInfo::sequences).sum(),
          plan.stream().mapToLong(ShardInfo::tokens).sum(), plan.size());
      int threads = Math.max(1, Math.min(options.threads(), plan.size()));
      AtomicBoolean cancelled = new AtomicBoolean();
      StepLayout layout = manifest.layout();
      ShardWriter writer = new ShardWriter(data, tokenizer, List.of(addedView), layout, intervention, progress,
          cancelled, Math.max(16, 256.0 / threads));
      ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().factory());
      try {
        List<Future<?>> futures = new ArrayList<>();
        List<ShardInfo> bySize = new ArrayList<>(plan);
        bySize.sort(Comparator.comparingLong(ShardInfo::tokens).reversed());
        for (ShardInfo shard : bySize) {
          futures.add(pool.submit(() -> {
            buildShard(writer, shard, progress);
            return null;
          }));
        }
        for (Future<?> future : futures) {
          try {
            future.get();
          } catch (ExecutionException e) {
            cancelled.set(true);
            if (e.getCause() instanceof RuntimeException r) {
              throw r;
            }
            throw new StepIndexException("cannot add view " + view + ": " + e.getCause(), e.getCause());
          } catch (InterruptedException e) {
            cancelled.set(true);
            Thread.currentThread().interrupt();
            throw new StepIndexException("interrupted while adding view " + view + " to " + dir);
          }
        }
      } finally {
        cancelled.set(true);
        pool.shutdownNow();
        try {
          pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Result(plan.size(), done.size(), plan.stream().mapToLong(ShardInfo::tokens).sum(), seconds, manifest);
    }

    /** The builder's discipline: a temporary directory, renamed into place, then listed in the manifest. */
    private void buildShard(ShardWriter writer, ShardInfo shard, BuildProgress progress) throws IOException {
      Path tmp = viewDir.resolve(TMP_PREFIX + shard.name());
      AtomicFiles.deleteTree(tmp);
      Files.createDirectories(tmp);
      try {
        if (!writer.write(shard, tmp)) {
          return;
        }
        synchronized (this) {
          Files.move(tmp, viewDir.resolve(shard.name()));
          manifest = manifest.withAddedView(manifest.addedView(view).withShard(shard.name()));
          manifest.write(dir);
        }
        progress.shardDone();
      } finally {
        AtomicFiles.deleteTree(tmp);
      }
    }
  }
}
