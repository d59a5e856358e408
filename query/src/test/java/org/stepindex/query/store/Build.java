package org.stepindex.query.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.store.BuildOptions;
import org.stepindex.indexer.store.BuildProgress;
import org.stepindex.indexer.store.BuildResult;
import org.stepindex.indexer.store.IndexBuilder;

/**
 * One {@code stepindex index} invocation as a value: each test states only what it varies ({@code
 * withX}), and the same value runs in this JVM ({@link #run()}) or, through {@link #args()} and
 * {@link ChildBuild}, in another.
 */
record Build(
    Path data,
    Path tokenizer,
    Path index,
    int batchSize,
    int seqLength,
    List<String> views,
    String schedule,
    long fromStep,
    long toStep,
    int threads) {

  static final List<String> ALL_VIEWS = List.of("text", "tokens", "pythia-numbers");

  /** All views, the whole data, two threads. */
  static Build of(
      Path data, Path tokenizer, Path index, int batchSize, int seqLength, String schedule) {
    return new Build(data, tokenizer, index, batchSize, seqLength, ALL_VIEWS, schedule, 0, -1, 2);
  }

  Build withData(Path newData) {
    return new Build(
        newData, tokenizer, index, batchSize, seqLength, views, schedule, fromStep, toStep,
        threads);
  }

  Build withTokenizer(Path newTokenizer) {
    return new Build(
        data,
        newTokenizer,
        index,
        batchSize,
        seqLength,
        views,
        schedule,
        fromStep,
        toStep,
        threads);
  }

  Build withIndex(Path newIndex) {
    return new Build(
        data, tokenizer, newIndex, batchSize, seqLength, views, schedule, fromStep, toStep,
        threads);
  }

  Build withLayout(int newBatchSize, int newSeqLength) {
    return new Build(
        data,
        tokenizer,
        index,
        newBatchSize,
        newSeqLength,
        views,
        schedule,
        fromStep,
        toStep,
        threads);
  }

  Build withViews(String... newViews) {
    return new Build(
        data,
        tokenizer,
        index,
        batchSize,
        seqLength,
        List.of(newViews),
        schedule,
        fromStep,
        toStep,
        threads);
  }

  Build withSchedule(String newSchedule) {
    return new Build(
        data,
        tokenizer,
        index,
        batchSize,
        seqLength,
        views,
        newSchedule,
        fromStep,
        toStep,
        threads);
  }

  /** Steps {@code [from, to)}; {@code to = -1} is the end of the data. */
  Build withSteps(long from, long to) {
    return new Build(
        data, tokenizer, index, batchSize, seqLength, views, schedule, from, to, threads);
  }

  Build withThreads(int newThreads) {
    return new Build(
        data,
        tokenizer,
        index,
        batchSize,
        seqLength,
        views,
        schedule,
        fromStep,
        toStep,
        newThreads);
  }

  BuildOptions options() {
    return new BuildOptions(
        data,
        tokenizer,
        index,
        new StepLayout(batchSize, seqLength),
        views,
        schedule,
        fromStep,
        toStep,
        threads);
  }

  BuildResult run() {
    return run(new BuildProgress());
  }

  BuildResult run(BuildProgress progress) {
    return IndexBuilder.build(options(), progress);
  }

  /** The command-line form {@link #parse} reads back. */
  List<String> args() {
    List<String> args = new ArrayList<>();
    for (Object value :
        new Object[] {
          data,
          tokenizer,
          index,
          batchSize,
          seqLength,
          String.join(",", views),
          schedule,
          fromStep,
          toStep,
          threads
        }) {
      args.add(value.toString());
    }
    return args;
  }

  static Build parse(String[] args) {
    if (args.length != 10) {
      throw new IllegalArgumentException(
          "expected the 10 values of Build.args(), got " + Arrays.toString(args));
    }
    return new Build(
        Path.of(args[0]),
        Path.of(args[1]),
        Path.of(args[2]),
        Integer.parseInt(args[3]),
        Integer.parseInt(args[4]),
        List.of(args[5].split(",")),
        args[6],
        Long.parseLong(args[7]),
        Long.parseLong(args[8]),
        Integer.parseInt(args[9]));
  }
}
