package org.stepindex.indexer.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.Exhaustion;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.intervention.Intervention;
import org.stepindex.indexer.intervention.Interventions;
import org.stepindex.indexer.layout.CheckpointSchedule;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.layout.StepReader;
import org.stepindex.indexer.order.DataFingerprint;
import org.stepindex.indexer.order.SequenceSource;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.indexer.views.View;
import org.stepindex.indexer.views.Views;

/**
 * Builds or extends a step-keyed index.
 *
 * <p>The plan: shard boundaries are the checkpoint schedule's steps (plus the requested range's
 * ends and the ends of shards already built); every missing shard of the requested range is built
 * in parallel into a temporary directory, renamed into place when complete, and only then added to
 * the manifest ({@code ShardPipeline}). So after a {@code kill -9} at any moment the manifest lists
 * only whole shards, and running the same command again discards the debris and builds the rest:
 * the result is the index an uninterrupted build makes.
 *
 * <p>With an intervention ({@link BuildOptions#intervention()}) the index holds what a model
 * trained on the intervened data saw: each sequence is read as the trainer reads it ({@link
 * StepReader}) before it is decoded and indexed. The manifest records the resolved spec; the data
 * fingerprint stays that of the data on disk.
 *
 * <p>Invalid data found mid-build (a token id outside the vocabulary, say) rolls the run back: the
 * shards it made are removed, the manifest is restored byte for byte, and a directory the run
 * created is deleted.
 */
public final class IndexBuilder {
  private IndexBuilder() {}

  /** Builds what {@code options} asks for, reporting into {@code progress}. */
  public static BuildResult build(BuildOptions options, BuildProgress progress) {
    long start = System.nanoTime();
    List<View> views = Views.parse(String.join(",", options.views()));
    CheckpointSchedule schedule = CheckpointSchedule.parse(options.shardSchedule());
    StepLayout layout = options.layout();
    try (SequenceSource data = options.order().open(layout.seqLength());
        HfTokenizer tokenizer = HfTokenizer.load(options.tokenizer())) {
      long sequences = data.sequenceCount();
      if (sequences == 0) {
        throw new StepIndexException(options.data() + " holds no sequences; nothing to index");
      }
      long lastStep = layout.stepCount(sequences);
      long from = options.fromStep();
      long to = options.toStep() < 0 ? lastStep : options.toStep();
      if (from >= lastStep || to > lastStep) {
        throw new StepIndexException(
            "--steps "
                + from
                + ":"
                + to
                + " is outside the data, which has steps 0:"
                + lastStep
                + " at batch size "
                + layout.batchSize());
      }
      checkLengths(data, layout, from, to);
      // Resolved before anything is written, so a bad spec leaves no trace; pct: counts the steps
      // of the whole data.
      Intervention intervention =
          options.intervention() == null
              ? null
              : Interventions.parse(options.intervention(), tokenizer, lastStep);

      Manifest.DataInfo dataInfo =
          new Manifest.DataInfo(
              options.order().dataPath(), DataFingerprint.of(data), sequences, data.totalTokens());
      Manifest.TokenizerInfo tokenizerInfo =
          new Manifest.TokenizerInfo(
              options.tokenizer().toAbsolutePath().toString(),
              tokenizer.sha256(),
              tokenizer.vocabSize());
      List<String> viewNames = views.stream().map(View::name).toList();
      Manifest fresh =
          new Manifest(
              Manifest.FORMAT,
              layout,
              dataInfo,
              tokenizerInfo,
              viewNames,
              schedule.spec(),
              List.of(),
              intervention == null ? null : intervention.spec(),
              List.of(),
              data.recorded());

      Path dir = options.indexDir();
      StepReader reader = new StepReader(data, layout, intervention);
      if (options.share() != null) {
        return TaskBuild.run(
            options, views, schedule, reader, tokenizer, fresh, from, to, progress, start);
      }
      ShardPipeline pipeline =
          new ShardPipeline(
              dir, new StepRangeShards(IndexLayout.of(dir), schedule, reader, from, to));
      Target target = Target.open(dir, fresh, pipeline);
      try {
        return run(
            options, views, schedule, reader, tokenizer, pipeline, from, to, progress, start);
      } catch (RuntimeException | Error e) {
        // Wrong data undoes the run; a heap or disk that ran out does not: the shards published so
        // far are sound,
        // and the same command, given more, builds only the rest.
        if (!Exhaustion.isExhaustion(e)) {
          target.rollBack(pipeline.published());
        }
        throw e;
      }
    }
  }

  private static BuildResult run(
      BuildOptions options,
      List<View> views,
      CheckpointSchedule schedule,
      StepReader reader,
      HfTokenizer tokenizer,
      ShardPipeline pipeline,
      long from,
      long to,
      BuildProgress progress,
      long start) {
    Path dir = options.indexDir();
    int threads = Math.max(1, options.threads());
    Manifest first = Manifest.read(dir);
    int ranges =
        plan(schedule, first, reader.layout().stepCount(reader.sequenceCount()), from, to).size();
    ShardWriter writer =
        new ShardWriter(reader, tokenizer, views, progress, ShardWriter.ramBufferMb(threads));
    pipeline.buildMissing(first, threads, writer, progress);
    TermStatsTable.refreshAfterBuild(dir);
    List<ShardInfo> built = pipeline.published();
    long builtSequences = built.stream().mapToLong(ShardInfo::sequences).sum();
    long builtTokens = built.stream().mapToLong(ShardInfo::tokens).sum();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new BuildResult(
        built.size(),
        Math.max(0, ranges - built.size()),
        builtSequences,
        builtTokens,
        seconds,
        Manifest.read(dir));
  }

  /**
   * The index's own shards of steps {@code [from, to)}: cut at the schedule's steps, the range's
   * ends and the ends of shards already built, each claimed by its name and published into the
   * manifest's shard list.
   */
  private record StepRangeShards(
      IndexLayout paths, CheckpointSchedule schedule, StepReader reader, long from, long to)
      implements ShardTarget {
    @Override
    public Path parent() {
      return paths.shards();
    }

    @Override
    public Path directory(String shard) {
      return paths.shard(shard);
    }

    @Override
    public String claim(String shard) {
      return shard;
    }

    @Override
    public List<ShardInfo> missing(Manifest manifest) {
      return missingShards(schedule, manifest, reader, from, to);
    }

    /**
     * Whether {@code manifest} holds {@code shard} or a shard overlapping it (then the next pass
     * re-plans).
     */
    @Override
    public boolean isPublished(Manifest manifest, ShardInfo shard) {
      for (ShardInfo other : manifest.shards()) {
        if (other.firstStep() < shard.endStep() && shard.firstStep() < other.endStep()) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Manifest withPublished(Manifest manifest, ShardInfo shard) {
      return manifest.withShard(shard);
    }

    @Override
    public Set<String> kept(Manifest manifest) {
      Set<String> listed = new TreeSet<>();
      manifest.shards().forEach(s -> listed.add(s.name()));
      return listed;
    }
  }

  /**
   * The shards of {@code [from, to)} that {@code manifest} lacks, with their sequence ranges and
   * token totals.
   */
  static List<ShardInfo> missingShards(
      CheckpointSchedule schedule, Manifest manifest, StepReader reader, long from, long to) {
    StepLayout layout = reader.layout();
    long sequences = reader.sequenceCount();
    List<ShardInfo> missing = new ArrayList<>();
    for (long[] range : plan(schedule, manifest, layout.stepCount(sequences), from, to)) {
      if (find(manifest, range[0]) != null) {
        continue;
      }
      long firstSeq = layout.firstSequence(range[0]);
      long endSeq = Math.min(layout.firstSequence(range[1]), sequences);
      missing.add(
          new ShardInfo(
              ShardInfo.nameFor(range[0], range[1]),
              range[0],
              range[1],
              firstSeq,
              endSeq,
              reader.tokens(firstSeq, endSeq)));
    }
    return missing;
  }

  /**
   * The shard of steps {@code range = [first, end)}: its sequences (up to the data's end) and their
   * tokens.
   */
  static ShardInfo shardFor(long[] range, SequenceSource data, StepLayout layout) {
    long firstSeq = layout.firstSequence(range[0]);
    long endSeq = Math.min(layout.firstSequence(range[1]), data.sequenceCount());
    long tokens = 0;
    for (long s = firstSeq; s < endSeq; s++) {
      tokens += data.size(s);
    }
    return new ShardInfo(
        ShardInfo.nameFor(range[0], range[1]), range[0], range[1], firstSeq, endSeq, tokens);
  }

  /**
   * The step ranges covering {@code [from, to)}: schedule boundaries, the range ends, and existing
   * shard ends.
   */
  static List<long[]> plan(
      CheckpointSchedule schedule, Manifest manifest, long lastStep, long from, long to) {
    TreeSet<Long> cuts = new TreeSet<>();
    for (long step : schedule.boundariesUpTo(lastStep)) {
      cuts.add(step);
    }
    cuts.add(from);
    cuts.add(to);
    for (ShardInfo shard : manifest.shards()) {
      cuts.add(shard.firstStep());
      cuts.add(shard.endStep());
    }
    List<long[]> ranges = new ArrayList<>();
    Long previous = null;
    for (long cut : cuts.subSet(from, true, to, true)) {
      if (previous != null && cut > previous && !coveredByOther(manifest, previous, cut)) {
        ranges.add(new long[] {previous, cut});
      }
      previous = cut;
    }
    return ranges;
  }

  private static boolean coveredByOther(Manifest manifest, long first, long end) {
    for (ShardInfo shard : manifest.shards()) {
      boolean overlaps = shard.firstStep() < end && first < shard.endStep();
      if (overlaps && !(shard.firstStep() == first && shard.endStep() == end)) {
        return true;
      }
    }
    return false;
  }

  private static ShardInfo find(Manifest manifest, long firstStep) {
    for (ShardInfo shard : manifest.shards()) {
      if (shard.firstStep() == firstStep) {
        return shard;
      }
    }
    return null;
  }

  private static void checkLengths(SequenceSource data, StepLayout layout, long from, long to) {
    long first = layout.firstSequence(from);
    long end = Math.min(layout.firstSequence(to), data.sequenceCount());
    for (long s = first; s < end; s++) {
      int size = data.size(s);
      if (size != layout.seqLength()) {
        throw new StepIndexException(
            "sequence "
                + s
                + " has "
                + size
                + " tokens but --seq-length is "
                + layout.seqLength()
                + "; pass the suite's sequence length (Pythia: 2049)");
      }
    }
  }

  /**
   * The index directory being built into, with what is needed to undo this run. Other writers may
   * build into it at the same time: shards are claimed before they are built ({@link ShardClaims})
   * and published under the {@link IndexLock} into the manifest as it is on disk then, so the
   * writers share the work and none undoes another's.
   */
  private static final class Target {
    final Path dir;
    final IndexLayout paths;
    final boolean createdDir;
    final byte[] originalManifest;
    final ShardClaims claims;

    private Target(Path dir, boolean createdDir, byte[] originalManifest) {
      this.dir = dir;
      this.paths = IndexLayout.of(dir);
      this.createdDir = createdDir;
      this.originalManifest = originalManifest;
      this.claims = new ShardClaims(dir);
    }

    /**
     * Opens an existing, matching index, removing what killed writers left there ({@link
     * ShardPipeline#removeDebris}), or creates a new one holding an empty manifest.
     */
    static Target open(Path dir, Manifest fresh, ShardPipeline pipeline) {
      try {
        boolean created = !Files.exists(dir);
        if (!created && !Manifest.exists(dir)) {
          checkNewIndexDirectory(
              dir); // before the lock file is made: a wrong directory is left untouched
        }
        Files.createDirectories(dir);
        try (IndexLock lock = IndexLock.acquire(dir)) {
          if (Manifest.exists(dir)) {
            Manifest existing = Manifest.read(dir);
            checkCompatible(dir, existing, fresh);
            Target target =
                new Target(dir, created, Files.readAllBytes(IndexLayout.of(dir).manifest()));
            removeManifestTemporaries(dir);
            pipeline.removeDebris(existing);
            return target;
          }
          checkNewIndexDirectory(dir);
          removeManifestTemporaries(dir);
          // The manifest first: from then on a killed run leaves an index that the next run
          // resumes.
          fresh.write(dir);
          Files.createDirectories(IndexLayout.of(dir).shards());
          return new Target(dir, created, null);
        }
      } catch (IOException e) {
        throw new StepIndexException(
            "cannot prepare index directory " + dir + ": " + e.getMessage(), e);
      }
    }

    private static void checkNewIndexDirectory(Path dir) throws IOException {
      if (!holdsOnlyLeftoversOfANewIndex(dir)) {
        throw new StepIndexException(
            dir
                + " exists and is not a stepindex index (no "
                + IndexLayout.MANIFEST
                + "); choose a new or empty directory");
      }
    }

    /**
     * Undoes this run: removes the shards it published from the manifest on disk (restored byte for
     * byte when no other writer changed it meanwhile) and deletes them; a directory this run
     * created, or made an index, is removed again when no other writer has published or claimed
     * anything in it.
     */
    void rollBack(List<ShardInfo> built) {
      try {
        boolean removeAll;
        try (IndexLock lock = IndexLock.acquire(dir)) {
          Manifest current = Manifest.read(dir);
          Set<String> mine = new TreeSet<>();
          built.forEach(s -> mine.add(s.name()));
          List<ShardInfo> others =
              current.shards().stream().filter(s -> !mine.contains(s.name())).toList();
          for (String name : mine) {
            AtomicFiles.deleteTree(paths.shard(name));
          }
          boolean othersAtWork = claims.removeFree(""); // this run's claims are all released by now
          removeAll = originalManifest == null && others.isEmpty() && !othersAtWork;
          Manifest remaining = current.withShards(others);
          if (removeAll) {
            AtomicFiles.deleteTree(paths.shards());
            Files.deleteIfExists(paths.manifest());
          } else if (originalManifest != null
              && remaining.equals(Manifest.parse(originalManifest))) {
            AtomicFiles.write(paths.manifest(), originalManifest);
          } else {
            remaining.write(dir);
          }
        }
        if (removeAll) {
          Files.deleteIfExists(paths.lock());
          if (createdDir) {
            AtomicFiles.deleteTree(dir);
          }
        }
      } catch (IOException | RuntimeException e) {
        // The original failure is what the user needs to see; a failed cleanup is only worth a
        // note.
        System.err.println(
            "stepindex: warning: could not fully roll back " + dir + ": " + e.getMessage());
      }
    }

    private static void checkCompatible(Path dir, Manifest existing, Manifest fresh) {
      BuildDifference difference = BuildDifference.between(existing, fresh);
      if (difference != null) {
        throw difference.refusal(dir);
      }
    }

    private static void removeManifestTemporaries(Path dir) throws IOException {
      try (Stream<Path> entries = Files.list(dir)) {
        for (Path entry : entries.filter(IndexLayout::isManifestTemporary).toList()) {
          Files.deleteIfExists(entry);
        }
      }
    }

    /**
     * Empty, or holding only what a run killed before its first manifest was in place leaves behind
     * (or what a writer starting at the same moment has made so far: the lock file).
     */
    private static boolean holdsOnlyLeftoversOfANewIndex(Path dir) throws IOException {
      if (!Files.isDirectory(dir)) {
        return false;
      }
      try (Stream<Path> entries = Files.list(dir)) {
        return entries.allMatch(
            e ->
                IndexLayout.isManifestTemporary(e)
                    || e.getFileName().toString().equals(IndexLayout.LOCK));
      }
    }
  }
}
