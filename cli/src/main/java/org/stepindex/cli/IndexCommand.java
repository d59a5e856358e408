package org.stepindex.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.entities.EntitiesView;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.AddViewOptions;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.BuildResult;
import org.stepindex.indexer.store.ClusterMerge;
import org.stepindex.indexer.store.IndexBuilder;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.indexer.store.TaskShare;
import org.stepindex.indexer.store.ViewAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stepindex index}: build or extend a step-keyed index. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = {
      "Index pre-tokenized training data (Megatron .bin/.idx) by training step.",
      "",
      "The index is a set of immutable step-range shards plus a manifest. Shards end at the checkpoint schedule's"
          + " steps (--shards), so a count at a checkpoint sums per-shard statistics. Shards build in parallel and"
          + " are published atomically: after a crash or kill, run the same command again to finish; the result is"
          + " the index an uninterrupted build makes. --steps A:B indexes part of the data; a later run extends it.",
      "Data or a tokenizer that does not match an existing index is refused, and the index is left as it was.",
      "--intervention indexes the data as an intervened training run saw it (e.g. masculine -> feminine pronouns"
          + " from a step on), to compare its frequencies with the original index's.",
      "--entities FILE adds the entities view: every whole-word match of any name of an entity is one occurrence of"
          + " the entity's id (count --view entities Q90). --entity-pairs FILE declares pairs (ID<TAB>ID a line),"
          + " indexed as one term per sequence holding both, so cooccur --view entities counts them by term"
          + " statistics.",
      "--order megatron (GPT-NeoX's doc_idx, sample_idx and shuffle_idx maps over the unshuffled --data: PolyPythias,"
          + " any GPT-NeoX run) or --order olmo (OLMo's token files and global_indices.npy) indexes that run's own"
          + " order; every map is checked before anything is written, and the manifest records it (docs/orders.md).",
      "--task I --tasks N builds one task's share of a cluster build (shard k to task k mod N) with no lock between"
          + " nodes; --merge then publishes the index (stepindex slurm writes both jobs; docs/operating.md).",
      "--add-view entities --entities FILE (or --add-view bigrams) adds the view to an existing index (data, tokenizer and layout come from"
          + " its manifest; if given they must match it) without touching the views there: a side index per shard,"
          + " built in parallel, resumable after a kill like a build. The manifest records the entity file's"
          + " fingerprint; a different file for the view is refused. Run it again after extending the index.",
    },
    footer = {
      "",
      "--data accepts the prefix (.../document), the .idx file, or a directory holding document.idx with document.bin"
          + " or the Hugging Face shards document-00000-of-00020.bin ... (read in place, no concatenation needed).",
      "",
      "Example:",
      "  stepindex index --data pile/document --tokenizer 20B_tokenizer.json --index pile.idx --views text,pythia-numbers",
      "  stepindex index --index pile.idx --add-view entities --entities wikidata.tsv --entity-pairs qa-pairs.tsv",
      "",
      "Entity file: one entity a line, ID<TAB>name<TAB>alias... or JSONL {\"id\": \"Q90\", \"names\": [\"Paris\", ...]};"
          + " names are analyzed as the text view analyzes words (lower-cased UAX#29 words).",
    })
final class IndexCommand implements Callable<Integer> {
  @Option(
      names = "--data",
      paramLabel = "PATH",
      description =
          "The dataset: prefix, .idx file, or directory (required unless --add-view);"
              + " with --order olmo the token files, FILE.npy,... or a .txt file listing them.")
  Path data;

  @Option(
      names = "--tokenizer",
      paramLabel = "FILE",
      description =
          "Hugging Face tokenizer.json the data was made with (required unless --add-view).")
  Path tokenizer;

  @Option(
      names = "--entities",
      paramLabel = "FILE",
      description = "Build the entities view from this entity file (TSV or JSONL).")
  Path entities;

  @Option(
      names = "--entity-pairs",
      paramLabel = "FILE",
      description = "Declared entity pairs, ID<TAB>ID a line (with --entities).")
  Path entityPairs;

  @Option(
      names = "--add-view",
      paramLabel = "VIEW",
      description =
          "Add VIEW (entities or bigrams) to the existing index --index; builds nothing else.")
  String addView;

  @Option(
      names = "--index",
      required = true,
      paramLabel = "DIR",
      description = "Index directory to create or extend.")
  Path indexDir;

  @Mixin LayoutOptions layout;

  @Option(
      names = "--views",
      defaultValue = "text",
      paramLabel = "LIST",
      description =
          "Comma list of text, tokens, pythia-numbers, bigrams (default: ${DEFAULT-VALUE}).")
  String views;

  @Option(
      names = "--shards",
      defaultValue = "pythia",
      paramLabel = "SCHEDULE",
      description = "Shard boundaries: pythia | every:N | a step list (default: ${DEFAULT-VALUE}).")
  String shards;

  @Option(
      names = "--steps",
      paramLabel = "A:B",
      converter = Steps.Converter.class,
      description =
          "Index only the steps A to B-1, [A, B); either end may be left out (default: all).")
  Steps steps;

  @Option(
      names = "--intervention",
      paramLabel = "SPEC",
      description =
          "Index what a model trained on intervened data saw: swap-pronouns@STEP, swap-pronouns@pct:P"
              + " (the last P%% of steps: start = steps - ceil(steps*P/100)) or replace-words:FROM=TO,...@STEP."
              + " Extend the index with the same intervention.")
  String intervention;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Shards built at once (default: all cores).")
  Integer threads;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar.")
  boolean quiet;

  @Mixin OrderOptions order;

  @Option(
      names = "--task",
      paramLabel = "I",
      description =
          "Build only task I's share of the shards (shard k of the range goes to task k mod N) into --index,"
              + " and record them in DIR/tasks/; no manifest is written until --merge. In a Slurm job array the default"
              + " is SLURM_ARRAY_TASK_ID.")
  Integer task;

  @Option(
      names = "--tasks",
      paramLabel = "N",
      description =
          "The number of tasks of a cluster build (default in a Slurm job array: SLURM_ARRAY_TASK_COUNT).")
  Integer tasks;

  @Option(
      names = "--merge",
      description =
          "After every task of a cluster build: check their shards, publish one manifest and the term"
              + " statistics table (takes only --index).")
  boolean merge;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (entityPairs != null && entities == null) {
      throw new StepIndexException("--entity-pairs needs --entities FILE");
    }
    int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (merge) {
      merge();
      return 0;
    }
    if (addView != null) {
      addView(threadCount, addView);
      return 0;
    }
    if (data == null || tokenizer == null) {
      throw new StepIndexException(
          "give --data PATH and --tokenizer FILE (or --add-view VIEW to add a view to --index)");
    }
    build(threadCount);
    if (entities != null) {
      addView(threadCount, EntitiesView.NAME);
    }
    return 0;
  }

  private void addView(int threadCount, String view) {
    boolean layoutGiven =
        spec.commandLine().getParseResult().hasMatchedOption("--batch-size")
            || spec.commandLine().getParseResult().hasMatchedOption("--seq-length");
    AddViewOptions options =
        new AddViewOptions(
            indexDir,
            view,
            entities,
            entityPairs,
            data,
            tokenizer,
            layoutGiven ? layout.layout() : null,
            threadCount);
    BuildProgress progress = new BuildProgress();
    ViewAdder.Result result;
    try (ProgressBar bar = ProgressBar.start(progress, quiet)) {
      result = ViewAdder.add(options, progress);
    }
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "view %s: built for %d shards in %.1f s (%,.0f tokens/s), %d already built%s%n",
            view,
            result.shardsBuilt(),
            result.seconds(),
            result.tokensPerSecond(),
            result.shardsKept(),
            view.equals(EntitiesView.NAME)
                ? "; " + result.manifest().addedView(view).pairs() + " declared pairs"
                : "");
  }

  private void merge() {
    for (String option :
        List.of(
            "--data",
            "--tokenizer",
            "--add-view",
            "--entities",
            "--task",
            "--tasks",
            "--steps",
            "--views",
            "--order")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw new StepIndexException(
            "--merge takes only --index: the tasks' manifests record how they were built"
                + " (leave out "
                + option
                + ")");
      }
    }
    ClusterMerge.Result result = ClusterMerge.merge(indexDir);
    Manifest manifest = result.manifest();
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "merged %d shards of %d tasks; index %s now covers %,d of %,d"
                + " sequences (steps %s)%n",
            result.shards(),
            result.tasks(),
            indexDir,
            manifest.indexedSequences(),
            manifest.data().sequences(),
            manifest.indexedRanges());
  }

  private void build(int threadCount) {
    StepRange range = steps == null ? new StepRange(null, null) : steps.range();
    long from = range.from() == null ? 0 : range.from();
    long to = range.to() == null ? -1 : range.to();
    TaskShare share = TaskShare.resolve(task, tasks, System.getenv());
    if (share != null && entities != null) {
      throw new StepIndexException(
          "--entities adds a view after the build; in a cluster build add it after the merge"
              + " (stepindex index --index DIR --add-view entities --entities FILE)");
    }
    BuildOptions options =
        new BuildOptions(
            data,
            tokenizer,
            indexDir,
            layout.layout(),
            Arrays.asList(views.split(",")),
            shards,
            from,
            to,
            threadCount,
            intervention,
            order.spec(data),
            share);
    BuildProgress progress = new BuildProgress();
    BuildResult result;
    try (ProgressBar bar = ProgressBar.start(progress, quiet)) {
      result = IndexBuilder.build(options, progress);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (share != null) {
      out.printf(
          Locale.ROOT,
          "task %d of %d: indexed %,d sequences (%,d tokens) into %d new shards in %.1f s (%,.0f"
              + " tokens/s); %d shards of its share were already built; merge with stepindex index --index %s"
              + " --merge once every task has run%n",
          share.task(),
          share.tasks(),
          result.sequences(),
          result.tokens(),
          result.shardsBuilt(),
          result.seconds(),
          result.tokensPerSecond(),
          result.shardsKept(),
          indexDir);
      return;
    }
    out.printf(
        Locale.ROOT,
        "indexed %,d sequences (%,d tokens) into %d new shards in %.1f s (%,.0f tokens/s); %d shards were"
            + " already built%n",
        result.sequences(),
        result.tokens(),
        result.shardsBuilt(),
        result.seconds(),
        result.tokensPerSecond(),
        result.shardsKept());
    Manifest manifest = result.manifest();
    out.printf(
        Locale.ROOT,
        "index %s now covers %,d of %,d sequences (steps %s)%n",
        indexDir,
        manifest.indexedSequences(),
        manifest.data().sequences(),
        manifest.indexedRanges());
    if (manifest.hasIntervention()) {
      out.printf(
          Locale.ROOT,
          "the index holds the data as changed by intervention %s%n",
          manifest.intervention());
    }
    long sequences = manifest.data().sequences();
    StepLayout stepLayout = manifest.layout();
    if (stepLayout.hasPartialLastStep(sequences)) {
      long last = stepLayout.stepCount(sequences) - 1;
      out.printf(
          Locale.ROOT,
          "note: the data ends in a partial batch: step %d has %d of %d sequences; it is indexed"
              + " and counted as step %d%n",
          last,
          sequences - stepLayout.firstSequence(last),
          stepLayout.batchSize(),
          last);
    }
  }
}
