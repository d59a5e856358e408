package org.stepindex.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.query.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stepindex verify}: check an index's shards, manifest, match caches and, given it, the
 * data.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check an index without trusting any part of it, and say how to repair what is wrong.",
      "",
      "Checks every shard's files against their Lucene checksums, the manifest against the shards (step and sequence"
          + " ranges, sequence and token totals as each shard records them), every match cache's CRC32C, and with"
          + " --data the data's fingerprint and each shard's token total. --full adds Lucene's full check and"
          + " compares every token of the data with the checksum of what each shard indexed (a full read of data"
          + " and index, with a progress bar).",
      "Prints one line per problem: where (the shard or file), what is wrong, the command that repairs it; then a"
          + " summary. Exit status 0 when the index is intact, 1 when something is damaged (also after --repair:"
          + " the repaired index then lacks the removed shards until they are rebuilt), 2 for a user error.",
      "--repair removes damaged shards from the manifest (and deletes them), so that running the same"
          + " 'stepindex index' command again rebuilds exactly those; it deletes damaged match caches (queries"
          + " recompute them). Verification itself writes nothing and takes no lock: it runs on read-only storage"
          + " and beside running queries and builds.",
    },
    footer = {
      "",
      "Examples:",
      "  stepindex verify --index pile.idx",
      "  stepindex verify --index pile.idx --data pile/ --full",
      "  stepindex verify --index pile.idx --repair && stepindex index --data pile/ --tokenizer t.json --index pile.idx",
    })
final class VerifyCommand implements Callable<Integer> {
  @Mixin IndexOption index;

  @Option(
      names = "--data",
      paramLabel = "PATH",
      description = "Also check the index against this data (prefix, .idx or directory).")
  Path data;

  @Option(
      names = "--full",
      description = "Lucene's full check, and every token of --data against the shards.")
  boolean full;

  @Option(
      names = "--repair",
      description = "Remove damaged shards from the manifest and delete damaged match caches.")
  boolean repair;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (full && data == null) {
      throw new StepIndexException(
          "--full compares every token with the data: give --data PATH too");
    }
    AtomicReference<Double> done = new AtomicReference<>(0.0);
    Verifier verifier = new Verifier(index.dir, data, full, done::set);
    Verifier.Report report;
    try (ProgressBar bar =
        ProgressBar.start(() -> new ProgressBar.Status(done.get(), "verifying"), quiet)) {
      report = verifier.verify();
    }
    PrintWriter out = spec.commandLine().getOut();
    for (Verifier.Problem problem : report.problems()) {
      out.println(problem.line());
    }
    out.println(report.summary());
    if (repair && !report.clean()) {
      verifier.repair(report).forEach(line -> out.println("repaired: " + line));
    }
    out.flush();
    return report.clean() ? 0 : 1;
  }
}
