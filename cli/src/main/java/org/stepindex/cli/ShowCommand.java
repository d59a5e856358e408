package org.stepindex.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.order.SequenceSource;
import org.stepindex.indexer.tokenizer.HfTokenizer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stepindex show}: the batch viewer, decoding a step's sequences from the .bin. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Print the decoded text of the sequences a training step consumed, the batch of step S (read from the .bin, the"
          + " source of truth).",
      "Special tokens such as <|endoftext|> are shown as they are written in the tokenizer.",
      "--order megatron or olmo reads the step as that run's order defines it (GPT-NeoX's maps, OLMo's global"
          + " indices), as stepindex index does.",
    },
    footer = {
      "",
      "Example:",
      "  stepindex show --data pile/document --tokenizer 20B_tokenizer.json --batch 13000 --seq 5"
    })
final class ShowCommand implements Callable<Integer> {
  @Option(
      names = "--data",
      required = true,
      paramLabel = "PATH",
      description =
          "The dataset: prefix, .idx file, or directory; with --order olmo the token files.")
  Path data;

  @Mixin OrderOptions order;

  @Option(
      names = "--tokenizer",
      required = true,
      paramLabel = "FILE",
      description = "Hugging Face tokenizer.json.")
  Path tokenizer;

  @Mixin LayoutOptions layout;

  @Option(
      names = "--batch",
      paramLabel = "S",
      description =
          "The batch of training step S (0-based): the sequences"
              + " [S x B, (S+1) x B) that step S trains on (checkpoint stepS has seen the batches before it).")
  Long batch;

  /**
   * The old name of {@code --batch}, kept working for scripts: everywhere else {@code --step S} is
   * a point in training (what checkpoint stepS has seen), which here would be the batches before
   * this one.
   */
  @Option(names = "--step", hidden = true, paramLabel = "S")
  Long oldStep;

  @Option(
      names = "--seq",
      paramLabel = "I",
      description = "Only the I-th sequence of the step (0-based; default: all).")
  Integer seq;

  @Option(names = "--ids", description = "Also print the token ids.")
  boolean ids;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (batch == null && oldStep == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Missing required option: '--batch=S'");
    }
    if (batch != null && oldStep != null) {
      throw new StepIndexException("give --batch S alone (--step S is its old name)");
    }
    String option = batch != null ? "--batch" : "--step";
    long step = batch != null ? batch : oldStep;
    StepLayout stepLayout = layout.layout();
    PrintWriter out = spec.commandLine().getOut();
    try (SequenceSource dataset = order.spec(data).open(stepLayout.seqLength());
        HfTokenizer tok = HfTokenizer.load(tokenizer)) {
      long steps = stepLayout.stepCount(dataset.sequenceCount());
      if (step < 0 || step >= steps) {
        throw new StepIndexException(
            option + " " + step + " is outside the data, which has steps 0.." + (steps - 1));
      }
      long first = stepLayout.firstSequence(step);
      long end = Math.min(first + stepLayout.batchSize(), dataset.sequenceCount());
      if (seq != null && (seq < 0 || first + seq >= end)) {
        throw new StepIndexException(
            "--seq "
                + seq
                + " is outside step "
                + step
                + ", which has "
                + (end - first)
                + " sequences");
      }
      int[] buffer = new int[stepLayout.seqLength()];
      for (long s = seq != null ? first + seq : first;
          s < (seq != null ? first + seq + 1 : end);
          s++) {
        if (dataset.size(s) > buffer.length) {
          buffer = new int[dataset.size(s)];
        }
        int length = dataset.read(s, buffer);
        out.printf(
            Locale.ROOT,
            "=== step %d, sequence %d of the step (%s sequence %d), %d tokens ===%n",
            step,
            s - first,
            dataset.recorded() == null ? "dataset" : "training",
            s,
            length);
        out.println(tok.decode(buffer, 0, length));
        if (ids) {
          StringBuilder line = new StringBuilder("ids:");
          for (int i = 0; i < length; i++) {
            line.append(' ').append(buffer[i]);
          }
          out.println(line);
        }
      }
    }
    return 0;
  }
}
