package org.stepindex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.stepindex.cli.demo.MiniPythiaStudy;
import org.stepindex.cli.demo.StudyListener;
import org.stepindex.cli.demo.StudyPlan;
import org.stepindex.cli.demo.StudyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stepindex demo}: a mini-Pythia study end to end, on a laptop, with no arguments and no
 * downloads.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "A mini-Pythia in minutes: synthesize a training corpus in Pythia's format (arithmetic with Zipfian operands,"
          + " facts about invented entities with Zipfian frequencies and a question file, gendered text), train two"
          + " tiny GPT-NeoX sizes on it in the exact data order with log-spaced and regular checkpoints, index it by"
          + " step, evaluate every checkpoint few-shot on arithmetic and the questions, correlate accuracy with"
          + " frequency at each checkpoint (Spearman rho, Delta, binned accuracy), resume the larger model with a"
          + " pronoun swap over the last 21%% of training and evaluate both runs on CrowS-Pairs- and WinoBias-style"
          + " files, and write the HTML report.",
      "Under 10 minutes on a 2-core CPU; --quick is the under-a-minute version. Everything is kept in --out.",
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "A new directory for everything (default: a new temporary directory).")
  Path out;

  @Option(names = "--quick", description = "The small, under-a-minute version.")
  boolean quick;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter w = spec.commandLine().getOut();
    if (out != null) {
      MiniPythiaStudy.requireNew(out);
    }
    Path dir = out != null ? out : Files.createTempDirectory("stepindex-demo-");
    int threads = Runtime.getRuntime().availableProcessors();
    StudyPlan plan = quick ? StudyPlan.quick(threads) : StudyPlan.demo(threads);
    AtomicReference<ProgressBar.Status> now = new AtomicReference<>(new ProgressBar.Status(0, ""));
    StudyListener listener =
        new StudyListener() {
          @Override
          public void stage(int index, int count, String what) {
            now.set(new ProgressBar.Status(0, ""));
            w.printf(Locale.ROOT, "%d/%d %s%n", index, count, what);
            w.flush();
          }

          @Override
          public void progress(double fraction, String text) {
            now.set(new ProgressBar.Status(fraction, text));
          }
        };
    w.println("mini-Pythia study into " + dir.toAbsolutePath());
    StudyResult result;
    try (ProgressBar bar = ProgressBar.start(now::get, quiet)) {
      result = MiniPythiaStudy.run(dir, plan, listener);
    }
    w.println();
    w.println("What this run measured (nothing tuned; see the report for every checkpoint):");
    result.summary().forEach(line -> w.println("  " + line));
    w.printf(
        Locale.ROOT,
        "%nreport: %s%ndone in %.0f s; corpus, index, checkpoints and results are in %s%n",
        result.report().toAbsolutePath(),
        result.seconds(),
        dir.toAbsolutePath());
    w.printf("try: ./stepindex timeline --index %s '\"plus 7\"'%n", dir.resolve("index"));
    return 0;
  }
}
