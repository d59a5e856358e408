package org.stepindex.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.ShardInfo;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.query.rows.Answers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stepindex stats}: what an index holds. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description =
        "Print an index's manifest: layout, data and tokenizer fingerprints, views, totals, shards, and its size in bytes per token.")
final class StatsCommand implements Callable<Integer> {
  @Mixin IndexOption index;

  @Option(names = "--json", description = "Print the manifest as JSON, with the size added.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (FrequencyIndex fi = FrequencyIndex.open(index.dir)) {
      if (json) {
        out.println(Answers.statsJson(fi));
        return 0;
      }
      Manifest m = fi.manifest();
      long bytes = fi.indexBytes();
      long tokens = m.indexedTokens();
      double perToken = tokens == 0 ? 0 : (double) bytes / tokens;
      out.printf(Locale.ROOT, "index          %s%n", fi.dir());
      out.printf(
          Locale.ROOT,
          "layout         batch size %d, sequence length %d%n",
          m.layout().batchSize(),
          m.layout().seqLength());
      out.printf(
          Locale.ROOT,
          "data           %s%n               %,d sequences, %,d tokens, %,d steps, fingerprint %s%n",
          m.data().path(),
          m.data().sequences(),
          m.data().tokens(),
          m.dataSteps(),
          m.data().fingerprint().substring(0, 16));
      if (m.order() != null) {
        out.printf(Locale.ROOT, "order          %s%n", m.order().summary());
      }
      out.printf(
          Locale.ROOT,
          "tokenizer      %s (%,d ids, sha256 %s)%n",
          m.tokenizer().path(),
          m.tokenizer().vocabSize(),
          m.tokenizer().sha256().substring(0, 16));
      out.printf(Locale.ROOT, "views          %s%n", String.join(", ", m.views()));
      out.printf(Locale.ROOT, "shard schedule %s%n", m.shardSchedule());
      out.printf(Locale.ROOT, "indexed steps  %s%n", fi.indexedRanges());
      out.printf(
          Locale.ROOT,
          "indexed        %,d sequences, %,d tokens in %d shards%n",
          m.indexedSequences(),
          tokens,
          m.shards().size());
      out.printf(Locale.ROOT, "size           %,d bytes, %.3f bytes/token%n", bytes, perToken);
      out.println();
      out.printf(
          Locale.ROOT,
          "%-28s %12s %12s %14s %14s%n",
          "shard",
          "first step",
          "end step",
          "sequences",
          "tokens");
      for (ShardInfo s : m.shards()) {
        out.printf(
            Locale.ROOT,
            "%-28s %12d %12d %,14d %,14d%n",
            s.name(),
            s.firstStep(),
            s.endStep(),
            s.sequences(),
            s.tokens());
      }
    }
    return 0;
  }
}
