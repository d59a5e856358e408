package org.stepindex.eval.correlate;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.stepindex.eval.model.CheckpointNames;
import org.stepindex.eval.tasks.ArithmeticTask;
import org.stepindex.eval.tasks.EvalFiles;
import org.stepindex.eval.tasks.TriviaQaTask;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Reads the per-instance JSONL files that the eval tasks write ({@code <task>-step<N>.jsonl}, one
 * JSON object per line). A record's {@code step} is taken from the record, or, when the record says
 * {@code null}, from the file name; an instance with neither cannot be joined with frequencies and
 * is a user error. A record's {@code model} (a checkpoint directory) is read as its {@link
 * CheckpointNames#modelLabel model label}, so that one model's checkpoints group together.
 */
public final class EvalInstances {
  /** The task name of arithmetic instances. */
  public static final String ARITHMETIC = ArithmeticTask.NAME;

  /** The task name of TriviaQA instances. */
  public static final String TRIVIAQA = TriviaQaTask.NAME;

  private static final ObjectMapper JSON = Json.mapper();

  private EvalInstances() {}

  /**
   * One scored arithmetic problem {@code x1 op x2}.
   *
   * @param model the model label ({@link CheckpointNames#modelLabel}) of the checkpoint directory
   *     that answered
   * @param step the checkpoint's training step
   * @param op the operation, e.g. {@code plus}
   * @param k the number of few-shot examples in the prompt
   * @param x1 the first operand
   * @param x2 the second operand
   * @param correct whether the prediction was the target
   */
  public record Arithmetic(
      String model, long step, String op, int k, long x1, long x2, boolean correct) {}

  /**
   * One scored TriviaQA question.
   *
   * @param model the model label ({@link CheckpointNames#modelLabel}) of the checkpoint directory
   *     that answered
   * @param step the checkpoint's training step
   * @param k the number of few-shot examples in the prompt
   * @param id the question id
   * @param question the question text
   * @param targets the accepted answers (aliases)
   * @param correct whether the prediction matched an answer
   */
  public record Trivia(
      String model,
      long step,
      int k,
      String id,
      String question,
      List<String> targets,
      boolean correct) {
    public Trivia {
      targets = List.copyOf(targets);
    }
  }

  /**
   * The instance files of a task: {@code path} itself if it is a file, else the files {@code
   * <task>-step<N>.jsonl} in the directory {@code path}, by step.
   *
   * @throws StepIndexException when {@code path} does not exist or a directory holds no such file
   */
  public static List<Path> files(Path path, String task) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new StepIndexException("no such eval output: " + path);
    }
    try {
      List<Path> files =
          EvalFiles.list(path, task, EvalFiles.INSTANCES).stream()
              .filter(p -> stepOfName(p) >= 0)
              .sorted(
                  Comparator.comparingLong(EvalInstances::stepOfName).thenComparing(Path::toString))
              .toList();
      if (files.isEmpty()) {
        throw new StepIndexException(
            "no " + task + "-step<N>.jsonl files in " + path + "; run the " + task + " eval first");
      }
      return files;
    } catch (IOException e) {
      throw new StepIndexException("cannot list " + path + ": " + e.getMessage(), e);
    }
  }

  /** Reads the arithmetic instances of the given files. */
  public static List<Arithmetic> arithmetic(List<Path> files) {
    return read(
        files,
        ARITHMETIC,
        (line) ->
            new Arithmetic(
                CheckpointNames.modelLabel(text(line.node, "model")),
                line.step,
                text(line.node, "op"),
                integer(line.node, "k"),
                require(line.node, "x1").asLong(),
                require(line.node, "x2").asLong(),
                require(line.node, "correct").asBoolean()));
  }

  /** Reads the TriviaQA instances of the given files. */
  public static List<Trivia> trivia(List<Path> files) {
    return read(
        files,
        TRIVIAQA,
        (line) -> {
          List<String> targets = new ArrayList<>();
          require(line.node, "targets").forEach(t -> targets.add(t.asText()));
          return new Trivia(
              CheckpointNames.modelLabel(text(line.node, "model")),
              line.step,
              integer(line.node, "k"),
              text(line.node, "id"),
              text(line.node, "question"),
              targets,
              require(line.node, "correct").asBoolean());
        });
  }

  /** One parsed line, with its resolved step. */
  private record Line(JsonNode node, long step) {}

  /** A field is missing or of the wrong kind; reported with the file and line by {@link #read}. */
  private static final class BadField extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadField(String message) {
      super(message, null, false, false);
    }
  }

  private static <T> List<T> read(List<Path> files, String task, Function<Line, T> convert) {
    List<T> out = new ArrayList<>();
    for (Path file : files) {
      long fileStep = stepOfName(file);
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        int number = 0;
        for (String text; (text = reader.readLine()) != null; ) {
          number++;
          if (text.isBlank()) {
            continue;
          }
          String where = file + ":" + number;
          try {
            JsonNode node = JSON.readTree(text);
            String actual = text(node, "task");
            if (!actual.equals(task)) {
              throw new BadField("has task '" + actual + "', expected '" + task + "'");
            }
            JsonNode step = node.get("step");
            long resolved = step == null || step.isNull() ? fileStep : step.asLong();
            if (resolved < 0) {
              throw new BadField(
                  "has no step, and the file name has no -step<N>; cannot join with frequencies");
            }
            out.add(convert.apply(new Line(node, resolved)));
          } catch (JacksonException e) {
            throw new StepIndexException(
                where + " is not a JSON object: " + e.getOriginalMessage());
          } catch (BadField e) {
            throw new StepIndexException(where + " " + e.getMessage());
          }
        }
      } catch (NoSuchFileException e) {
        throw new StepIndexException("no such file: " + file);
      } catch (IOException e) {
        throw new StepIndexException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** The step in an instances file's name, or -1 when it names none. */
  private static long stepOfName(Path file) {
    return EvalFiles.parse(file)
        .filter(n -> n.suffix().equals(EvalFiles.INSTANCES) && n.step() != null)
        .map(EvalFiles.Name::step)
        .orElse(-1L);
  }

  private static JsonNode require(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new BadField("has no '" + field + "'");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    return require(node, field).asText();
  }

  private static int integer(JsonNode node, String field) {
    JsonNode value = require(node, field);
    if (!value.canConvertToInt()) {
      throw new BadField("has '" + field + "' = " + value + ", not an integer");
    }
    return value.asInt();
  }
}
