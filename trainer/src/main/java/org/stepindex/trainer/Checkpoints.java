package org.stepindex.trainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.OptionalLong;
import org.stepindex.eval.model.CheckpointNames;
import org.stepindex.eval.model.GptNeoX;
import org.stepindex.eval.model.SafetensorsWriter;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Training checkpoints: directories {@code OUT/stepN/} (named by {@link CheckpointNames}) in the
 * Hugging Face layout ({@code config.json}, {@code model.safetensors}, {@code tokenizer.json}) that
 * {@code GptNeoX.load}, {@code stepindex eval} and transformers read unchanged, plus {@code
 * optimizer.safetensors} (AdamW's moments) and {@code trainer-state.json}.
 *
 * <p>A checkpoint is written whole into a hidden temporary directory beside its final place, every
 * file forced to disk, and then renamed to {@code stepN}: a directory named {@code stepN} is always
 * complete. Temporary directories left by a killed run are removed by {@link #removeLeftovers}.
 */
public final class Checkpoints {
  /** The optimizer state's file name in a checkpoint. */
  public static final String OPTIMIZER_FILE = "optimizer.safetensors";

  /** The tokenizer's file name in a checkpoint, where {@code stepindex eval} looks for it. */
  public static final String TOKENIZER_FILE = "tokenizer.json";

  private static final String PARTIAL = ".partial-";

  private Checkpoints() {}

  /**
   * Writes a checkpoint atomically, replacing an older one of the same step.
   *
   * @param outDir the run's output directory
   * @param model the model, whose parameters are written as {@code model.safetensors}
   * @param optimizer the optimizer, whose moments are written as {@code optimizer.safetensors}
   * @param state the trainer state
   * @param tokenizer the {@code tokenizer.json} to copy in
   * @return the checkpoint directory
   */
  public static Path write(
      Path outDir, GptNeoX model, AdamW optimizer, TrainerState state, Path tokenizer) {
    Path target = CheckpointNames.dir(outDir, state.step());
    Path temp = outDir.resolve("." + target.getFileName() + PARTIAL + System.nanoTime());
    try {
      Files.createDirectories(temp);
      AtomicFiles.write(
          temp.resolve("config.json"), model.config().toJson().getBytes(StandardCharsets.UTF_8));
      SafetensorsWriter.write(temp.resolve("model.safetensors"), model.parameters());
      optimizer.save(temp.resolve(OPTIMIZER_FILE));
      AtomicFiles.write(temp.resolve(TOKENIZER_FILE), Files.readAllBytes(tokenizer));
      state.write(temp);
      if (Files.exists(target)) {
        // Rename the old one out of the way first: the rename of a directory over a non-empty one
        // fails.
        Path old =
            outDir.resolve("." + target.getFileName() + PARTIAL + "old-" + System.nanoTime());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.move(temp, target);
        AtomicFiles.deleteTree(old);
      } else {
        AtomicFiles.move(temp, target);
      }
      return target;
    } catch (IOException e) {
      throw new StepIndexException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
    } finally {
      try {
        AtomicFiles.deleteTree(temp);
      } catch (IOException ignored) {
        // the checkpoint is in place or its failure is already reported
      }
    }
  }

  /**
   * Returns the latest training checkpoint in a run's output directory, for {@code --resume auto}.
   *
   * @param outDir the run's output directory (need not exist)
   * @return the {@code stepN} directory with the largest {@code N} that holds a trainer state, if
   *     any
   */
  public static Optional<Path> latest(Path outDir) {
    if (!Files.isDirectory(outDir)) {
      return Optional.empty();
    }
    Path best = null;
    long bestStep = -1;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(outDir)) {
      for (Path entry : entries) {
        OptionalLong step = CheckpointNames.parse(entry);
        if (step.isPresent() && step.getAsLong() > bestStep && TrainerState.existsIn(entry)) {
          best = entry;
          bestStep = step.getAsLong();
        }
      }
    } catch (IOException e) {
      throw new StepIndexException("cannot list " + outDir + ": " + e.getMessage(), e);
    }
    return Optional.ofNullable(best);
  }

  /**
   * Deletes the temporary directories a killed run left in its output directory.
   *
   * @param outDir the run's output directory
   */
  public static void removeLeftovers(Path outDir) {
    if (!Files.isDirectory(outDir)) {
      return;
    }
    String leftovers = "." + CheckpointNames.PREFIX + "*" + PARTIAL + "*";
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(outDir, leftovers)) {
      for (Path entry : entries) {
        AtomicFiles.deleteTree(entry);
      }
    } catch (IOException e) {
      throw new StepIndexException("cannot clean " + outDir + ": " + e.getMessage(), e);
    }
  }
}
