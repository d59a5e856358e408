package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster build on a real Slurm ({@link SlurmCluster}: Debian's slurm-wlm and munge, one node on
 * loopback): {@code stepindex slurm} writes the scripts, the job array runs with {@code sbatch
 * --array=0-3 --wait}, the merge as a dependent job ({@code --dependency=afterok:ARRAYJOB}); the
 * index it leaves counts exactly what the single-process build of the same data counts, at every
 * checkpoint, and passes {@code verify --full}.
 */
class SlurmBuildTest {
  @TempDir Path tmp;

  @Test
  void aJobArrayAndItsMergeBuildTheIndexOneProcessBuilds() throws IOException {
    SmallCorpus corpus = SmallCorpus.get();
    Path index = tmp.resolve("cluster.idx");
    Path scripts = tmp.resolve("scripts");
    String written =
        CliRun.of(
                CliRun.concat(
                    CliRun.concat(
                        new String[] {
                          "slurm",
                          "--index",
                          index.toString(),
                          "--data",
                          corpus.data.toString(),
                          "--tokenizer",
                          corpus.tokenizer.toString(),
                          "--views",
                          SmallCorpus.VIEWS,
                          "--tasks",
                          "4",
                          "--scripts",
                          scripts.toString()
                        },
                        SmallCorpus.layout())))
            .ok()
            .out();
    assertTrue(
        written.contains(
            "jobid=$(sbatch --parsable '" + scripts.resolve("index-array.sbatch") + "')"),
        written);
    try (SlurmCluster cluster = SlurmCluster.start()) {
      String job;
      try {
        job =
            cluster.sbatch(
                tmp,
                600,
                "--parsable",
                "--wait",
                "--array=0-3",
                scripts.resolve("index-array.sbatch").toString());
        cluster.sbatch(
            tmp,
            300,
            "--parsable",
            "--wait",
            "--dependency=afterok:" + job.split(";")[0],
            scripts.resolve("index-merge.sbatch").toString());
      } catch (AssertionError e) {
        throw new AssertionError(
            e.getMessage() + "\njob logs:\n" + logs(scripts.resolve("logs")), e);
      }
    }
    ClusterBuildTest.assertSameIndex(corpus.index, index);
    CliRun.of(
            "verify",
            "--index",
            index.toString(),
            "--data",
            corpus.data.toString(),
            "--full",
            "--quiet")
        .ok();
  }

  private static String logs(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .sorted()
          .map(
              f -> {
                try {
                  return "--- " + f.getFileName() + "\n" + Files.readString(f);
                } catch (IOException e) {
                  return "--- " + f.getFileName() + " unreadable";
                }
              })
          .collect(Collectors.joining("\n"));
    }
  }
}
