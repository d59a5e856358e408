package org.stepindex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stepindex.indexer.StepIndexException;
import org.stepindex.indexer.build.BuildOptions;
import org.stepindex.indexer.build.BuildProgress;
import org.stepindex.indexer.build.BuildResult;
import org.stepindex.indexer.build.IndexBuilder;
import org.stepindex.indexer.layout.CheckpointSchedule;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.synth.PlantedTerm;
import org.stepindex.indexer.synth.SynthOptions;
import org.stepindex.indexer.synth.SyntheticCorpus;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import org.stepindex.query.Count;
import org.stepindex.query.FrequencyIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stepindex demo}: synthesize, index, count, in seconds, with no arguments. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "A tour in seconds: synthesize a small Pythia-format corpus with planted terms, index it by step (views text,"
          + " tokens, pythia-numbers), then print counts at several checkpoints next to the planted truth, a number"
          + " count, a token n-gram count, a co-occurrence, and one timeline.",
      "Everything is left in --out (default: a new temporary directory) so you can go on with the printed commands.",
    })
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", paramLabel = "DIR", description = "Where to put the corpus and index (default: a new temporary directory).")
  Path out;

  @Option(names = "--sequences", defaultValue = "2048", paramLabel = "N", description = "Corpus size in sequences (default: ${DEFAULT-VALUE}).")
  long sequences;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter w = spec.commandLine().getOut();
    Path dir = out != null ? out : Files.createTempDirectory("stepindex-demo-");
    Path corpusDir = dir.resolve("corpus");
    Path indexDir = dir.resolve("index");
    if (Files.exists(indexDir)) {
      throw new StepIndexException(indexDir + " already exists; give 'demo --out' a new directory");
    }
    SynthOptions defaults = SynthOptions.demo();
    SynthOptions options = new SynthOptions(sequences, defaults.seqLength(), defaults.batchSize(), defaults.seed());
    w.printf(Locale.ROOT, "1. synthesizing %,d sequences x %d tokens, %d per step (%d steps) into %s%n",
        options.sequences(), options.seqLength(), options.batchSize(), options.steps(), corpusDir);
    w.flush();
    SyntheticCorpus.Result corpus = SyntheticCorpus.write(corpusDir, options);

    w.printf(Locale.ROOT, "2. indexing by step into %s (shards at Pythia's checkpoints)%n", indexDir);
    w.flush();
    BuildOptions build = new BuildOptions(corpus.dataPrefix(), corpus.tokenizer(), indexDir,
        new StepLayout(options.batchSize(), options.seqLength()), List.of("text", "tokens", "pythia-numbers"),
        "pythia", 0, -1, Runtime.getRuntime().availableProcessors());
    BuildProgress progress = new BuildProgress();
    BuildResult built;
    try (ProgressBar bar = ProgressBar.start(progress, quiet)) {
      built = IndexBuilder.build(build, progress);
    }
    w.printf(Locale.ROOT, "   %,d tokens in %d shards, %.1f s (%,.0f tokens/s)%n", built.tokens(), built.shardsBuilt(),
        built.seconds(), built.tokensPerSecond());

    try (FrequencyIndex index = FrequencyIndex.open(indexDir)) {
      w.println("3. planted terms: index count vs. the truth counted while synthesizing");
      w.printf(Locale.ROOT, "   %-16s %6s %12s %12s %s%n", "term", "step", "sequences", "occurrences", "truth");
      boolean allMatch = true;
      for (PlantedTerm term : corpus.planted()) {
        long[] steps = term.steps();
        for (int i : new int[] {steps.length / 2, steps.length - 2, steps.length - 1}) {
          Count c = index.countAt(index.compile("text", term.text()), steps[i]);
          boolean ok = c.sequences() == term.sequences()[i] && c.occurrences() == term.occurrences()[i];
          allMatch &= ok;
          w.printf(Locale.ROOT, "   %-16s %6d %12d %12d %s%n", term.text(), steps[i], c.sequences(), c.occurrences(),
              ok ? "= truth" : "MISMATCH (truth " + term.sequences()[i] + "/" + term.occurrences()[i] + ")");
        }
      }
      long last = index.coveredEnd();
      w.println("4. other views and queries at the last step " + last + ":");
      report(w, index, "pythia-numbers", "12", last);
      report(w, index, "pythia-numbers", "7-12", last);
      report(w, index, "text", "\"12 plus\"", last);
      report(w, index, "text", "\"plus 7\"~2", last);
      try (HfTokenizer tok = HfTokenizer.load(corpus.tokenizer())) {
        int[] ids = tok.encode(" quasar nebula");
        String gram = String.join(" ", Arrays.stream(ids).mapToObj(Integer::toString).toList());
        report(w, index, "tokens", gram, last);
      }
      Count near = index.cooccur("zorblax", "vorpal", 0, last, 5);
      Count both = index.cooccur("zorblax", "vorpal", 0, last, 0);
      w.printf(Locale.ROOT, "   %-38s sequences %6d  (within 5 words: %d)%n", "cooccur zorblax & vorpal", both.sequences(),
          near.sequences());
      w.println("5. timeline of zorblax (cumulative, at each checkpoint):");
      long[] steps = CheckpointSchedule.parse("pythia").stepsUpTo(last);
      Count[] curve = index.timeline(index.compile("text", "zorblax"), steps);
      StringBuilder line = new StringBuilder("   ");
      for (int i = 0; i < steps.length; i++) {
        line.append(String.format(Locale.ROOT, "step%d:%d ", steps[i], curve[i].occurrences()));
      }
      w.println(line.toString().stripTrailing());
      w.println();
      w.println(allMatch ? "All planted counts equal the truth." : "SOME COUNTS DIFFER FROM THE TRUTH.");
      w.println("Try:");
      w.printf("  ./stepindex count --index %s --step 64 zorblax%n", indexDir);
      w.printf("  ./stepindex timeline --index %s '\"quasar nebula\"'%n", indexDir);
      w.printf("  ./stepindex stats --index %s%n", indexDir);
      w.printf("  ./stepindex show --data %s --tokenizer %s --batch-size %d --seq-length %d --step 100 --seq 0%n",
          corpus.dataPrefix(), corpus.tokenizer(), options.batchSize(), options.seqLength());
      w.flush();
      if (!allMatch) {
        return 1;
      }
    }
    return 0;
  }

  private static void report(PrintWriter w, FrequencyIndex index, String view, String query, long step) {
    Count c = index.countAt(index.compile(view, query), step);
    w.printf(Locale.ROOT, "   %-38s sequences %6d  occurrences %6d%n", view + ": " + query, c.sequences(), c.occurrences());
  }
}
