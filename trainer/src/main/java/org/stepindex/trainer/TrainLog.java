package org.stepindex.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The run's {@code train-log.jsonl}: one {@link StepMetrics} JSON object per line, appended as each
 * step ends.
 *
 * <p>Each line goes to the file in one append-mode write, so a killed run leaves whole lines (at
 * worst a torn last one, which {@link #open} drops). When a run resumes from step {@code S}, lines
 * of steps {@code >= S} (trained after the checkpoint by the run that was killed, their weights
 * lost) are dropped first, so the log describes the run whose weights exist.
 */
public final class TrainLog implements AutoCloseable {
  /** The log's file name in the output directory. */
  public static final String FILE = "train-log.jsonl";

  private static final ObjectMapper JSON = Json.mapper();
  private final FileChannel channel;

  private TrainLog(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * Opens the log in {@code dir}, keeping only whole lines of steps before {@code fromStep}.
   *
   * @param dir the run's output directory
   * @param fromStep the first step this run trains
   * @return the log, ready to append
   */
  public static TrainLog open(Path dir, long fromStep) {
    Path file = dir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        List<String> kept =
            Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(
                    line -> {
                      long step = stepOf(line);
                      return step >= 0 && step < fromStep;
                    })
                .toList();
        String text =
            kept.isEmpty() ? "" : kept.stream().collect(Collectors.joining("\n", "", "\n"));
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
      }
      return new TrainLog(
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot open the training log " + file + ": " + e.getMessage(), e);
    }
  }

  /** The step of a log line, or −1 when the line is not a whole JSON object with a step. */
  private static long stepOf(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return node != null && node.path("step").canConvertToLong() ? node.get("step").asLong() : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Appends one step's line.
   *
   * @param metrics the step
   */
  public void append(StepMetrics metrics) {
    ByteBuffer line = ByteBuffer.wrap((metrics.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      while (line.hasRemaining()) {
        channel.write(line);
      }
    } catch (IOException e) {
      throw new StepIndexException("cannot append to the training log: " + e.getMessage(), e);
    }
  }

  /** Closes the file. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new StepIndexException("cannot close the training log: " + e.getMessage(), e);
    }
  }
}
