package org.stepindex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.stepindex.bench.query.BenchOptions;
import org.stepindex.bench.query.BenchReport;
import org.stepindex.bench.query.Benchmark;
import org.stepindex.bench.query.RealText;
import org.stepindex.bench.query.ReportTable;
import org.stepindex.bench.query.ScaleBench;
import org.stepindex.bench.query.ScaleOptions;
import org.stepindex.bench.query.ScaleReport;
import org.stepindex.bench.query.ScaleReportTable;
import org.stepindex.bench.query.Workload;
import org.stepindex.corpora.SynthOptions;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stepindex bench}: stepindex against a scan of the .bin and against naive Lucene, on a
 * synthetic corpus.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark on a synthesized corpus, or on real text (--text FILES --tokenizer FILE): build rate and"
          + " bytes/token of the index, and p50/p99 latency of term and phrase counts (at checkpoints and inside"
          + " shards), co-occurrence, 154-step timelines and pairs x checkpoints, next to the same queries answered by"
          + " (a) a brute-force scan of the .bin and (b) naive Lucene (one index, a step field filtered by a range"
          + " query), measured in the same run, with ratios.",
      "The three methods must agree on every count before anything is timed. Progress goes to stderr; with the"
          + " defaults the run takes a few minutes on 2 cores.",
      "",
      "--scale 1,10,100 measures growth instead: for each multiple of --base-tokens (default 10M) it synthesizes the"
          + " corpus, or takes that prefix of the real text (--text, encoded once; or --data, already tokenized)"
          + " (default layout Pythia's, 1024 x 2049), builds the text view (text,tokens,pythia-numbers on real text;"
          + " --views to choose), adds an entities view with"
          + " declared pairs, checks entity, pair and co-occurrence counts against independent paths (and a scan of"
          + " the .bin at the smallest size), then times cold counts at the last step (each a different query,"
          + " asked once): term, entity, 2-word phrase, declared pair, ad-hoc entity pair, ad-hoc pair of"
          + " mid-frequency words; the QA pass (declared pairs x 154 steps); build rates and bytes/token; growth"
          + " against the smallest size; and the issue's goals. Keep --out on a disk with ~6 bytes per token free.",
      "",
      "Real text: bin/gpt2-tokenizer-json writes GPT-2's tokenizer.json from its published files; Pythia's"
          + " (GPT-NeoX-20B) tokenizer.json works the same. E.g. bench --scale 1,10 --base-tokens 50000000 --text"
          + " /usr/src/linux-source-6.1 --tokenizer gpt2.json (Debian's linux-source package, unpacked).",
    })
final class BenchCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format {
    table,
    json
  }

  private static final SynthOptions DEFAULTS = BenchOptions.DEFAULT_CORPUS;

  @Option(
      names = "--sequences",
      paramLabel = "N",
      description = "Corpus size in sequences (default: ${DEFAULT-VALUE}).")
  long sequences = DEFAULTS.sequences();

  @Option(
      names = "--seq-length",
      paramLabel = "L",
      description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
  int seqLength = DEFAULTS.seqLength();

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      description = "Sequences per step (default: ${DEFAULT-VALUE}).")
  int batchSize = DEFAULTS.batchSize();

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description = "Corpus seed (default: ${DEFAULT-VALUE}).")
  long seed = DEFAULTS.seed();

  @Option(
      names = "--queries",
      paramLabel = "N",
      description =
          "Timed calls per operation and method, at most; each also stops at its time budget (default: ${DEFAULT-VALUE}).")
  int queries = 2000;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      description =
          "Time budget per operation for stepindex and naive Lucene; the scan gets 2S (default: ${DEFAULT-VALUE}).")
  double seconds = 1.0;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Threads for the index builds (default: all cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--all-views",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Also build an index of all views to report its size and rate (default: on; --no-all-views skips it).")
  boolean allViews;

  @Option(
      names = "--shards",
      paramLabel = "SCHEDULE",
      description =
          "Shard schedule of the step index, whose steps are the \"@ checkpoint\" steps: pythia | every:N |"
              + " a step list (default: ${DEFAULT-VALUE}; every:8 gives 128 shards spread like Pythia's 154).")
  String shards = Workload.DEFAULT_SHARDS;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Keep corpus and indexes in DIR, new or empty (default: a temporary directory, deleted).")
  Path out;

  @Option(
      names = "--scale",
      split = ",",
      paramLabel = "LIST",
      description =
          "Multiples of --base-tokens to build and time, e.g. 1,10,100 (the growth benchmark).")
  int[] scale;

  @Option(
      names = "--base-tokens",
      paramLabel = "N",
      description = "With --scale: tokens at scale 1 (default: ${DEFAULT-VALUE}).")
  long baseTokens = ScaleOptions.DEFAULT_BASE_TOKENS;

  @Option(
      names = "--samples",
      paramLabel = "N",
      description =
          "With --scale: cold queries timed per operation and size (default: ${DEFAULT-VALUE}).")
  int samples = 50;

  @Option(
      names = "--qa-pairs",
      paramLabel = "N",
      description =
          "With --scale: declared QA pairs counted at 154 steps (default: ${DEFAULT-VALUE}).")
  int qaPairs = 10_000;

  @Option(
      names = "--entities",
      paramLabel = "N",
      description = "With --scale: entities in the entity file (default: ${DEFAULT-VALUE}).")
  int entities = 20_000;

  @Option(
      names = "--text",
      split = ",",
      paramLabel = "PATH",
      description =
          "Measure on real text instead of the synthetic corpus: the text files under these files and"
              + " directories, each one document in a seeded order, encoded with --tokenizer into sequences of"
              + " --seq-length tokens that cross documents (Pythia's packing), --sequences of them (with --scale: as"
              + " many as the largest size needs; each size indexes a prefix); the queries are drawn from the text's own"
              + " words and runs of words, by frequency, and the scan cuts words as the text view does.")
  List<Path> text;

  @Option(
      names = "--data",
      paramLabel = "PATH",
      description =
          "With --scale: measure on a dataset already tokenized"
              + " (prefix, .idx or directory: a slice of the real Pile, or the text/ that an earlier --text run kept in its"
              + " --out) instead of the synthetic corpus; needs --tokenizer.")
  Path data;

  @Option(
      names = "--tokenizer",
      paramLabel = "FILE",
      description =
          "With --text or --data: the tokenizer.json (e.g."
              + " Pythia's; bin/gpt2-tokenizer-json makes GPT-2's from its published files).")
  Path tokenizer;

  @Option(
      names = "--views",
      split = ",",
      paramLabel = "LIST",
      description =
          "With --scale: the views of the first"
              + " build, before entities and bigrams are added (default: text; with --text: text,tokens,pythia-numbers).")
  List<String> views;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  Format format = Format.table;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    if (scale != null) {
      return scale(err);
    }
    if (views != null) {
      throw new StepIndexException(
          "--views goes with --scale (e.g. bench --scale 1,10 --text DIR --tokenizer"
              + " tokenizer.json --views text,tokens)");
    }
    BenchOptions options =
        new BenchOptions(
            new SynthOptions(sequences, seqLength, batchSize, seed),
            queries,
            seconds,
            out,
            threads,
            allViews,
            shards,
            realText());
    BenchReport report = Benchmark.run(options, progress(err));
    return print(
        report, w -> ReportTable.print(report, Runtime.getRuntime().availableProcessors(), w));
  }

  /** The real text asked for, or null for the synthetic corpus. */
  private RealText realText() {
    return text == null && data == null
        ? null
        : new RealText(text == null ? List.of() : text, tokenizer, data);
  }

  private static Consumer<String> progress(PrintWriter err) {
    return line -> {
      err.println("bench: " + line);
      err.flush();
    };
  }

  /** The report as JSON, or as the table {@code table} prints. */
  private int print(Object report, Consumer<PrintWriter> table) throws IOException {
    PrintWriter w = spec.commandLine().getOut();
    if (format == Format.json) {
      w.println(Json.pretty().writeValueAsString(report));
      w.flush();
    } else {
      table.accept(w);
    }
    return 0;
  }

  private int scale(PrintWriter err) throws IOException {
    var parsed = spec.commandLine().getParseResult();
    ScaleOptions options =
        new ScaleOptions(
            baseTokens,
            scale,
            parsed.hasMatchedOption("--seq-length") ? seqLength : 2049,
            parsed.hasMatchedOption("--batch-size") ? batchSize : 1024,
            parsed.hasMatchedOption("--shards") ? shards : Workload.DEFAULT_SHARDS,
            samples,
            qaPairs,
            entities,
            threads,
            out,
            seed,
            realText(),
            views != null
                ? views
                : text != null || data != null
                    ? List.of("text", "tokens", "pythia-numbers")
                    : List.of("text"));
    ScaleReport report = ScaleBench.run(options, progress(err));
    return print(
        report, w -> ScaleReportTable.print(report, Runtime.getRuntime().availableProcessors(), w));
  }
}
