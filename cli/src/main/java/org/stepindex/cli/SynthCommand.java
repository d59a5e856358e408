package org.stepindex.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stepindex.corpora.PlantedTerm;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.corpora.SyntheticCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stepindex synth}: write a synthetic corpus in Pythia's format with planted terms. */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description = {
      "Write a synthetic training corpus in Pythia's format into DIR: document.bin/.idx (uint16, fixed-length"
          + " sequences, <|endoftext|> between documents), a byte-level BPE tokenizer.json, and planted.json with the"
          + " exact counts of terms planted from known steps on (galaxy, zorblax, \"quasar nebula\", vorpal).",
      "The text is Zipfian filler plus arithmetic statements ('12 plus 7 is 19'). Same options, same bytes.",
    })
final class SynthCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(
      names = "--sequences",
      defaultValue = "2048",
      paramLabel = "N",
      description = "Sequences (default: ${DEFAULT-VALUE}).")
  long sequences;

  @Option(
      names = "--seq-length",
      defaultValue = "129",
      paramLabel = "L",
      description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
  int seqLength;

  @Option(
      names = "--batch-size",
      defaultValue = "16",
      paramLabel = "B",
      description = "Sequences per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    SynthOptions options = new SynthOptions(sequences, seqLength, batchSize, seed);
    SyntheticCorpus.Result result = SyntheticCorpus.write(out, options);
    PrintWriter w = spec.commandLine().getOut();
    w.printf(
        Locale.ROOT,
        "wrote %,d sequences x %d tokens (%d steps of %d) to %s%n",
        sequences,
        seqLength,
        options.steps(),
        batchSize,
        result.dataPrefix());
    w.printf(Locale.ROOT, "tokenizer %s%n", result.tokenizer());
    for (PlantedTerm term : result.planted()) {
      int last = term.steps().length - 1;
      w.printf(
          Locale.ROOT,
          "planted %-16s first at step %d, %,d occurrences in %,d sequences by step %d%n",
          term.text(),
          term.firstStep(),
          term.occurrences()[last],
          term.sequences()[last],
          term.steps()[last]);
    }
    w.printf(
        Locale.ROOT,
        "index it: stepindex index --data %s --tokenizer %s --index %s --batch-size %d --seq-length %d%n",
        result.dataPrefix(),
        result.tokenizer(),
        out.resolve("index"),
        batchSize,
        seqLength);
    return 0;
  }
}
