package org.stepindex.query;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.NoLockFactory;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.layout.StepReader;
import org.stepindex.indexer.order.DataFingerprint;
import org.stepindex.indexer.order.OrderSpec;
import org.stepindex.indexer.order.SequenceSource;
import org.stepindex.indexer.store.HashedTermStats;
import org.stepindex.indexer.store.IndexLayout;
import org.stepindex.indexer.store.IndexLock;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardCommit;
import org.stepindex.indexer.store.ShardInfo;
import org.stepindex.indexer.store.TermStatsTable;
import org.stepindex.indexer.store.TokenChecksum;

/**
 * Checks an index without trusting any part of it: every shard's files against their Lucene
 * checksums ({@link CheckIndex}; with {@code full}, Lucene's full structural check), the manifest
 * against the shards (names, step and sequence ranges, sequence and token totals, as each shard
 * records them in its commit), every match cache's CRC32C, the term statistics table (Lucene's
 * check), and, given the data, the data fingerprint and each shard's token total; with {@code full}
 * also every token of the data against the checksum of the ids each shard indexed.
 *
 * <p>Nothing is written and no lock is taken: an index on read-only storage is verified as it is,
 * also while a writer extends it (the shards of the manifest read at the start are checked). {@link
 * #repair} is the only writer.
 */
public final class Verifier {
  private static final Pattern RESOURCE_PATH = Pattern.compile("path=\"([^\"]+)\"");
  private final Path dir;
  private final IndexLayout paths;
  private final Path data;
  private final boolean full;
  private final DoubleConsumer progress;

  /** What kind of thing is wrong, which decides the repair. */
  public enum Kind {
    /** a shard is damaged or disagrees with the manifest: rebuild it */
    SHARD,
    /** a match cache file fails its check: delete it (queries recompute it) */
    CACHE,
    /** the manifest itself is unreadable or inconsistent: rebuild the index */
    MANIFEST,
    /** the data given is not the data the index was built from */
    DATA,
    /** the term statistics table fails Lucene's check: rebuild it from the shards */
    STATS
  }

  /**
   * One problem found.
   *
   * @param kind what kind of thing is wrong
   * @param where the shard name, the cache file, {@code manifest} or {@code data}
   * @param what what is wrong
   * @param repair the command that repairs it
   */
  public record Problem(Kind kind, String where, String what, String repair) {
    /** The problem as one line: where, what, and the repairing command. */
    public String line() {
      return where + ": " + what + "; repair: " + repair;
    }
  }

  /**
   * What a verification found.
   *
   * @param index the index directory
   * @param shards shards checked
   * @param tokens tokens in the shards checked (per the manifest)
   * @param caches match cache files checked
   * @param dataChecked whether the data was checked, and how: {@code none}, {@code fingerprint},
   *     {@code every token}
   * @param problems every problem, in shard order
   */
  public record Report(
      Path index, int shards, long tokens, int caches, String dataChecked, List<Problem> problems) {
    public Report {
      problems = List.copyOf(problems);
    }

    /** Whether nothing is wrong. */
    public boolean clean() {
      return problems.isEmpty();
    }

    /** Names of the shards found damaged. */
    public Set<String> damagedShards() {
      Set<String> names = new TreeSet<>();
      problems.stream().filter(p -> p.kind() == Kind.SHARD).forEach(p -> names.add(p.where()));
      return names;
    }

    /** One line: what was checked and what was found. */
    public String summary() {
      String checked =
          String.format(
              Locale.ROOT,
              "%d shards (%,d tokens), %d match caches, data: %s",
              shards,
              tokens,
              caches,
              dataChecked);
      if (clean()) {
        return "index " + index + " is intact: checked " + checked;
      }
      long cacheProblems = problems.stream().filter(p -> p.kind() == Kind.CACHE).count();
      return "index "
          + index
          + " is damaged: "
          + count(problems.size(), "problem")
          + " ("
          + count(damagedShards().size(), "damaged shard")
          + ", "
          + count(cacheProblems, "damaged match cache")
          // Damaged, of an older layout, or with its hashed statistics missing: rebuilt all the
          // same.
          + (problems.stream().anyMatch(p -> p.kind() == Kind.STATS)
              ? ", a term statistics table to rebuild"
              : "")
          + "); checked "
          + checked;
    }

    private static String count(long n, String thing) {
      return n + " " + thing + (n == 1 ? "" : "s");
    }
  }

  /**
   * @param dir the index directory
   * @param data the training data to check the index against, or null
   * @param full whether to run Lucene's full check and compare every token of the data (needs
   *     {@code data})
   * @param progress receives the fraction done, from 0 to 1
   */
  public Verifier(Path dir, Path data, boolean full, DoubleConsumer progress) {
    this.dir = dir;
    this.paths = IndexLayout.of(dir);
    this.data = data;
    this.full = full;
    this.progress = progress;
  }

  /** Runs every check and reports what it found. */
  public Report verify() {
    List<Problem> problems = new ArrayList<>();
    Manifest manifest;
    try {
      manifest = Manifest.read(dir);
    } catch (StepIndexException e) {
      if (!Files.exists(paths.manifest())) {
        throw e; // not an index at all: a user error, not damage
      }
      problems.add(
          new Problem(
              Kind.MANIFEST,
              IndexLayout.MANIFEST,
              e.getMessage(),
              "build the index again into a new directory with stepindex index"));
      return new Report(dir, 0, 0, 0, "none", problems);
    }
    checkManifest(manifest, problems);
    int caches = 0;
    long tokensDone = 0;
    long totalTokens = Math.max(1, manifest.indexedTokens());
    try (SequenceSource dataset = data == null ? null : openData(manifest, problems)) {
      boolean dataMatches = dataset != null && checkData(manifest, dataset, problems);
      for (ShardInfo shard : manifest.shards()) {
        Path shardDir = paths.shard(shard.name());
        ShardCommit commit = checkShard(manifest, shard, shardDir, problems);
        if (commit != null && dataset != null && dataMatches) {
          checkShardData(manifest, shard, commit, dataset, problems);
        }
        caches += checkCaches(shard, shardDir, problems);
        tokensDone += shard.tokens();
        progress.accept((double) tokensDone / totalTokens);
      }
    }
    checkTermStats(problems);
    String dataChecked =
        data == null ? "none" : full ? "every token" : "fingerprint and token totals";
    return new Report(
        dir, manifest.shards().size(), manifest.indexedTokens(), caches, dataChecked, problems);
  }

  /**
   * Repairs what {@code report} found: damaged shards are removed from the manifest (under the
   * index lock, so a running writer's shards stay) and deleted, so the same {@code stepindex index}
   * command rebuilds exactly those; damaged match caches are deleted. Returns a line for each thing
   * done.
   */
  public List<String> repair(Report report) {
    List<String> done = new ArrayList<>();
    Set<String> damaged = report.damagedShards();
    if (!damaged.isEmpty()) {
      IndexLock.update(
          dir,
          m -> m.withShards(m.shards().stream().filter(s -> !damaged.contains(s.name())).toList()));
      for (String name : damaged) {
        try {
          AtomicFiles.deleteTree(paths.shard(name));
        } catch (IOException e) {
          // unlisted now, so the next build removes it as debris
        }
        done.add("removed shard " + name + " from the manifest; the index command rebuilds it");
      }
    }
    if (report.problems().stream().anyMatch(p -> p.kind() == Kind.STATS)) {
      try {
        AtomicFiles.deleteTree(paths.stats());
      } catch (IOException e) {
        done.add("could not delete the term statistics table: " + e.getMessage());
      }
      TermStatsTable.refresh(dir);
      done.add("rebuilt the term statistics table from the shards");
    }
    for (Problem p : report.problems()) {
      if (p.kind() == Kind.CACHE) {
        try {
          Files.deleteIfExists(Path.of(p.where()));
          done.add("deleted match cache " + p.where());
        } catch (IOException e) {
          done.add("could not delete match cache " + p.where() + ": " + e.getMessage());
        }
      }
    }
    return done;
  }

  private void checkManifest(Manifest manifest, List<Problem> problems) {
    StepLayout layout = manifest.layout();
    long previousEnd = -1;
    for (ShardInfo shard : manifest.shards()) {
      List<String> wrong = new ArrayList<>();
      if (!shard.name().equals(ShardInfo.nameFor(shard.firstStep(), shard.endStep()))) {
        wrong.add("its name does not match its steps " + shard.firstStep() + ":" + shard.endStep());
      }
      if (shard.firstStep() < previousEnd) {
        wrong.add("it overlaps the shard before it");
      }
      if (shard.endStep() > manifest.dataSteps() || shard.endStep() <= shard.firstStep()) {
        wrong.add(
            "its steps "
                + shard.firstStep()
                + ":"
                + shard.endStep()
                + " are not inside the data's 0:"
                + manifest.dataSteps());
      }
      long firstSeq = layout.firstSequence(shard.firstStep());
      long endSeq = manifest.sequencesBefore(shard.endStep());
      if (shard.firstSequence() != firstSeq || shard.endSequence() != endSeq) {
        wrong.add(
            "its sequences "
                + shard.firstSequence()
                + ":"
                + shard.endSequence()
                + " are not those of its steps, "
                + firstSeq
                + ":"
                + endSeq);
      }
      if (shard.tokens() != shard.sequences() * layout.seqLength()) {
        wrong.add(
            "its "
                + shard.tokens()
                + " tokens are not "
                + shard.sequences()
                + " sequences of "
                + layout.seqLength());
      }
      previousEnd = Math.max(previousEnd, shard.endStep());
      if (!wrong.isEmpty()) {
        problems.add(
            shardProblem(
                manifest,
                shard,
                "the manifest's entry is inconsistent: " + String.join(", ", wrong)));
      }
    }
  }

  /**
   * Lucene's check of the shard, then its commit against the manifest; returns the commit record if
   * readable.
   */
  private ShardCommit checkShard(
      Manifest manifest, ShardInfo shard, Path shardDir, List<Problem> problems) {
    if (!Files.isDirectory(shardDir)) {
      problems.add(shardProblem(manifest, shard, "its directory is missing"));
      return null;
    }
    try (FSDirectory directory = FSDirectory.open(shardDir, NoLockFactory.INSTANCE)) {
      String failed = luceneCheck(directory);
      if (failed != null) {
        problems.add(shardProblem(manifest, shard, "Lucene's check failed: " + failed));
        return null;
      }
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        if (reader.maxDoc() != shard.sequences()) {
          problems.add(
              shardProblem(
                  manifest,
                  shard,
                  "it holds "
                      + reader.maxDoc()
                      + " sequences, the manifest says "
                      + shard.sequences()));
          return null;
        }
        ShardCommit commit = ShardCommit.from(reader.getIndexCommit().getUserData());
        if (commit != null
            && (commit.firstSequence() != shard.firstSequence()
                || commit.endSequence() != shard.endSequence()
                || commit.tokens() != shard.tokens())) {
          problems.add(
              shardProblem(
                  manifest,
                  shard,
                  "it holds sequences "
                      + commit.firstSequence()
                      + ":"
                      + commit.endSequence()
                      + " ("
                      + commit.tokens()
                      + " tokens), the manifest says "
                      + shard.firstSequence()
                      + ":"
                      + shard.endSequence()
                      + " ("
                      + shard.tokens()
                      + " tokens)"));
          return null;
        }
        return commit;
      }
    } catch (IOException | RuntimeException e) {
      problems.add(shardProblem(manifest, shard, "it cannot be read: " + oneLine(e)));
      return null;
    }
  }

  /**
   * Lucene's check of one index directory: its checksums, with {@code full} its structure too.
   * Returns the cause of the first failure, or null when clean.
   */
  private String luceneCheck(FSDirectory directory) throws IOException {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    // No write lock: verification must work on read-only storage and never blocks a reader.
    try (CheckIndex check =
        new CheckIndex(directory, NoLockFactory.INSTANCE.obtainLock(directory, "write.lock"))) {
      check.setLevel(
          full
              ? CheckIndex.Level.MIN_LEVEL_FOR_INTEGRITY_CHECKS
              : CheckIndex.Level.MIN_LEVEL_FOR_CHECKSUM_CHECKS);
      check.setInfoStream(new PrintStream(log, true, StandardCharsets.UTF_8), false);
      return check.checkIndex().clean ? null : firstError(log);
    }
  }

  /**
   * The term statistics table, when there is one: queries use it instead of the shards' own
   * statistics.
   */
  private void checkTermStats(List<Problem> problems) {
    Path tableDir = paths.stats();
    if (!Files.isDirectory(tableDir)) {
      return;
    }
    String repair = "stepindex verify --index " + dir + " --repair";
    try (FSDirectory directory = FSDirectory.open(tableDir, NoLockFactory.INSTANCE)) {
      String failed = luceneCheck(directory);
      if (failed != null) {
        problems.add(
            new Problem(
                Kind.STATS,
                IndexLayout.STATS,
                "the term statistics table fails Lucene's check: " + failed,
                repair));
        return;
      }
      try (DirectoryReader table = DirectoryReader.open(directory)) {
        if (!TermStatsTable.isCurrentFormat(table)) {
          // Sound, but no query reads it: they all count shard by shard until it is written anew.
          problems.add(
              new Problem(
                  Kind.STATS,
                  IndexLayout.STATS,
                  "the term statistics table is of an older stepindex's layout, which queries do"
                      + " not read",
                  repair));
          return;
        }
        for (String field : TermStatsTable.HASHED_FIELDS) {
          String wrong = HashedTermStats.problem(tableDir, field, table);
          if (wrong != null) {
            // Exact either way: queries seek in the table's own terms index instead, slower.
            problems.add(
                new Problem(
                    Kind.STATS,
                    IndexLayout.STATS,
                    "the term statistics table is sound, but " + wrong,
                    repair));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      problems.add(
          new Problem(
              Kind.STATS,
              IndexLayout.STATS,
              "the term statistics table cannot be read: " + oneLine(e),
              repair));
    }
  }

  /**
   * The data in the index's order: each map checked against the length and CRC32C the manifest
   * records, then the order opened (and validated) over {@code --data}; null, with a problem, when
   * a map or the data does not do.
   */
  private SequenceSource openData(Manifest manifest, List<Problem> problems) {
    String fix =
        "give --data the data the index was built from ("
            + manifest.data().path()
            + "), with the maps it"
            + " records where it records them";
    if (manifest.order() != null) {
      String changed = manifest.order().problemOnDisk();
      if (changed != null) {
        problems.add(new Problem(Kind.DATA, "order", changed, fix));
        return null;
      }
    }
    try {
      return OrderSpec.recorded(manifest.order(), data).open(manifest.layout().seqLength());
    } catch (StepIndexException e) {
      problems.add(new Problem(Kind.DATA, "data", e.getMessage(), fix));
      return null;
    }
  }

  /**
   * The fingerprint and size of the data; false (and a problem) when it is not the data of the
   * index.
   */
  private boolean checkData(Manifest manifest, SequenceSource dataset, List<Problem> problems) {
    if (dataset.sequenceCount() != manifest.data().sequences()
        || !DataFingerprint.of(dataset).equals(manifest.data().fingerprint())) {
      problems.add(
          new Problem(
              Kind.DATA,
              "data",
              data
                  + " is not the data the index was built from (its fingerprint"
                  + " or size differs from the manifest's)",
              "give --data the data the index was built from (" + manifest.data().path() + ")"));
      return false;
    }
    return true;
  }

  /**
   * The shard's token total against the data's sizes; with {@code full}, its token checksum against
   * the data.
   */
  private void checkShardData(
      Manifest manifest,
      ShardInfo shard,
      ShardCommit commit,
      SequenceSource dataset,
      List<Problem> problems) {
    // Without the intervention: a shard records the checksum of the data's own ids, as the builder
    // read them.
    StepReader reader = new StepReader(dataset, manifest.layout(), null);
    long tokens = reader.tokens(shard.firstSequence(), shard.endSequence());
    if (tokens != shard.tokens()) {
      problems.add(
          shardProblem(
              manifest,
              shard,
              "the data holds "
                  + tokens
                  + " tokens in its sequences, the manifest "
                  + "says "
                  + shard.tokens()));
      return;
    }
    if (!full) {
      return;
    }
    TokenChecksum checksum = new TokenChecksum();
    int[] ids = new int[manifest.layout().seqLength()];
    for (long s = shard.firstSequence(); s < shard.endSequence(); s++) {
      if (ids.length < reader.size(s)) {
        ids = new int[reader.size(s)];
      }
      checksum.add(ids, reader.readStored(s, ids));
    }
    if (checksum.value() != commit.tokenCrc32c()) {
      problems.add(
          shardProblem(
              manifest, shard, "the data's tokens differ from those the shard indexed (checksum)"));
    }
  }

  private int checkCaches(ShardInfo shard, Path shardDir, List<Problem> problems) {
    List<Path> files;
    try {
      files = MatchCache.files(shardDir);
    } catch (IOException e) {
      return 0;
    }
    for (Path file : files) {
      if (!MatchCache.isIntact(file)) {
        problems.add(
            new Problem(
                Kind.CACHE,
                file.toString(),
                "match cache of shard "
                    + shard.name()
                    + " fails its CRC32C (queries drop and recompute it)",
                "stepindex verify --index " + dir + " --repair"));
      }
    }
    return files.size();
  }

  private Problem shardProblem(Manifest manifest, ShardInfo shard, String what) {
    return new Problem(
        Kind.SHARD,
        shard.name(),
        what,
        "stepindex verify --index " + dir + " --repair, then " + rebuildCommand(manifest, shard));
  }

  /**
   * The {@code stepindex index} command that rebuilds {@code shard} once it is out of the manifest.
   */
  private String rebuildCommand(Manifest manifest, ShardInfo shard) {
    return "stepindex index --data "
        + manifest.data().path()
        + " --tokenizer "
        + manifest.tokenizer().path()
        + " --index "
        + dir
        + " --batch-size "
        + manifest.layout().batchSize()
        + " --seq-length "
        + manifest.layout().seqLength()
        + " --views "
        + String.join(",", manifest.views())
        + " --shards "
        + manifest.shardSchedule()
        + (manifest.hasIntervention() ? " --intervention " + manifest.intervention() : "")
        + (manifest.order() == null ? "" : manifest.order().commandOptions())
        + " --steps "
        + shard.firstStep()
        + ":"
        + shard.endStep();
  }

  /**
   * The cause CheckIndex logged, e.g. {@code _1_Lucene103_0.pos: checksum failed (hardware
   * problem?) : expected=... actual=...}, else its first failed test.
   */
  private static String firstError(ByteArrayOutputStream log) {
    List<String> lines = log.toString(StandardCharsets.UTF_8).lines().map(String::trim).toList();
    for (String line : lines) {
      int exception = line.indexOf("Exception: ");
      if (exception >= 0) {
        String message = line.substring(exception + "Exception: ".length());
        Matcher path = RESOURCE_PATH.matcher(message);
        int resource = message.indexOf(" (resource=");
        String cause = resource >= 0 ? message.substring(0, resource) : message;
        return (path.find() ? Path.of(path.group(1)).getFileName() + ": " : "") + shorten(cause);
      }
    }
    return lines.stream()
        .filter(l -> l.contains("FAILED"))
        .findFirst()
        .map(Verifier::shorten)
        .orElse("the shard is not clean");
  }

  private static String shorten(String line) {
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return shorten(message.lines().findFirst().orElse(""));
  }
}
