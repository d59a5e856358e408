package org.stepindex.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Eval output names read back as they are written, and only those. */
class EvalFilesTest {
  @TempDir Path tmp;

  @Test
  void everyNameParsesBack() {
    Path out = Path.of("out");
    for (String task : List.of("arithmetic", "crows-pairs", "step-task")) {
      for (Long step : new Long[] {0L, 13000L, null}) {
        assertEquals(
            Optional.of(new EvalFiles.Name(task, step, EvalFiles.INSTANCES)),
            EvalFiles.parse(EvalFiles.instances(out, task, step)));
        assertEquals(
            Optional.of(new EvalFiles.Name(task, step, EvalFiles.SUMMARY)),
            EvalFiles.parse(EvalFiles.summary(out, task, step)));
        assertEquals(
            Optional.of(new EvalFiles.Name(task, step, "slices.csv")),
            EvalFiles.parse(EvalFiles.side(out, task, step, "slices.csv")));
      }
    }
  }

  @Test
  void otherNamesAreNotEvalFiles() {
    for (String name :
        List.of(
            "report.html",
            "arithmetic.jsonl",
            "arithmetic-step.jsonl",
            "arithmetic-step12",
            "-step12.jsonl",
            "arithmetic-step12x.jsonl",
            "arithmetic-step1234567890123456789.jsonl",
            "x-stepunknown.json")) {
      assertEquals(Optional.empty(), EvalFiles.parse(Path.of(name)), name);
    }
    assertEquals(Optional.empty(), EvalFiles.parse(Path.of("/")));
  }

  @Test
  void listsOneKindOfOneTaskByName() throws IOException {
    for (String name :
        List.of(
            "crows-pairs-step2.jsonl",
            "crows-pairs-step10.jsonl",
            "crows-pairs-step2.summary.json",
            "pairs-step3.jsonl",
            "crows-pairs-step-unknown.jsonl",
            "notes.jsonl")) {
      Files.writeString(tmp.resolve(name), "");
    }
    assertEquals(
        List.of(
            tmp.resolve("crows-pairs-step-unknown.jsonl"),
            tmp.resolve("crows-pairs-step10.jsonl"),
            tmp.resolve("crows-pairs-step2.jsonl")),
        EvalFiles.list(tmp, "crows-pairs", EvalFiles.INSTANCES));
    assertEquals(
        List.of(tmp.resolve("crows-pairs-step2.summary.json")),
        EvalFiles.list(tmp, null, EvalFiles.SUMMARY));
    assertEquals(4, EvalFiles.list(tmp, null, EvalFiles.INSTANCES).size());
    assertEquals(List.of(), EvalFiles.list(tmp.resolve("missing"), null, EvalFiles.SUMMARY));
  }
}
