package org.stepindex.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;

/**
 * What a checkpoint needs beyond the weights and the optimizer's moments to continue its run
 * exactly; stored as {@code trainer-state.json}.
 *
 * <p>There is no random-number state to keep: training draws no random numbers (no dropout, data in
 * file order), so the seed only records where the initial weights came from.
 *
 * @param step the checkpoint's step: the number of training steps its weights have taken
 * @param optimizerUpdates AdamW's update count {@code t}; differs from {@code step} when the run
 *     started from weights without optimizer state
 * @param config the run's resolved settings
 * @param dataFingerprint {@code MegatronDataset.fingerprint()} of the data trained on
 * @param intervention the intervention's resolved spec, or null for none
 * @param interventionDescription what the intervention changes, or null for none
 * @param firstLossStep the step of {@code losses[0]}
 * @param losses the loss of every step from {@code firstLossStep} to {@code step − 1}
 * @param intraOpThreads the run's intra-op thread count ({@link
 *     org.stepindex.eval.model.IntraOpThreads}), on which its float32 sums depend; 0 when not
 *     recorded (a checkpoint written before stepindex recorded it)
 */
public record TrainerState(
    long step,
    long optimizerUpdates,
    TrainConfig config,
    String dataFingerprint,
    String intervention,
    String interventionDescription,
    long firstLossStep,
    double[] losses,
    int intraOpThreads) {

  /** The file name inside a checkpoint directory. */
  public static final String FILE = "trainer-state.json";

  /**
   * Writes this state atomically as {@code dir/trainer-state.json}.
   *
   * @param dir a checkpoint directory
   */
  public void write(Path dir) {
    try {
      AtomicFiles.write(
          dir.resolve(FILE),
          Json.snakeCase().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    } catch (IOException e) {
      throw new StepIndexException("cannot write " + dir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the state of a checkpoint.
   *
   * @param dir a checkpoint directory
   * @return the state
   * @throws StepIndexException when the file is missing or invalid
   */
  public static TrainerState read(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      TrainerState state = Json.snakeCase().readValue(Files.readAllBytes(file), TrainerState.class);
      if (state.config() == null || state.step() < 0) {
        throw new StepIndexException(file + " lacks the run's config or step");
      }
      return state;
    } catch (NoSuchFileException e) {
      throw new StepIndexException(
          "no " + FILE + " in " + dir + "; it is not a stepindex training checkpoint");
    } catch (IOException | IllegalArgumentException e) {
      String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new StepIndexException("cannot read " + file + ": " + message, e);
    }
  }

  /**
   * Tells whether a directory holds a trainer state (so that a resume from it is exact).
   *
   * @param dir any directory
   * @return true when {@code dir/trainer-state.json} exists
   */
  public static boolean existsIn(Path dir) {
    return Files.isRegularFile(dir.resolve(FILE));
  }
}
