package org.stepindex.eval.correlate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.Csv;
import org.stepindex.indexer.base.StepIndexException;

/**
 * A set of output files published together: each file is written into a temporary directory beside
 * the target directory, and {@link #commit()} moves them into place one by one with atomic renames.
 * Closing without a commit deletes the temporary directory, so a failure part-way leaves the target
 * directory as it was; a crash leaves only a hidden {@code .tmp-*} directory, never a half-written
 * file under a final name.
 */
public final class OutputDir implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final List<String> files = new ArrayList<>();
  private boolean committed;

  private OutputDir(Path target, Path temp) {
    this.target = target;
    this.temp = temp;
  }

  /**
   * Starts writing into {@code target} (created if absent).
   *
   * @throws StepIndexException when the directory cannot be created or written
   */
  public static OutputDir open(Path target) {
    try {
      Path dir = Files.createDirectories(target.toAbsolutePath());
      return new OutputDir(dir, Files.createTempDirectory(dir, ".tmp-"));
    } catch (IOException e) {
      throw new StepIndexException("cannot write into " + target + ": " + e.getMessage(), e);
    }
  }

  /** The final directory. */
  public Path target() {
    return target;
  }

  /**
   * Writes a file, to be published on commit.
   *
   * @param relative a path relative to the target directory, e.g. {@code figures/delta.png}
   * @param bytes the content
   */
  public void write(String relative, byte[] bytes) {
    Path file = temp.resolve(relative).normalize();
    if (!file.startsWith(temp) || file.equals(temp)) {
      throw new IllegalArgumentException("output path escapes the output directory: " + relative);
    }
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot write " + target.resolve(relative) + ": " + e.getMessage(), e);
    }
    files.add(relative);
  }

  /** Writes a UTF-8 text file, to be published on commit. */
  public void write(String relative, String text) {
    write(relative, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a CSV table, to be published on commit. */
  public void write(String relative, Csv.Table table) {
    write(relative, table.toCsv());
  }

  /**
   * Moves every written file into the target directory, replacing files of the same name, and
   * removes the temporary directory.
   *
   * @return the published files, in the order written
   */
  public List<Path> commit() {
    List<Path> published = new ArrayList<>();
    try {
      for (String relative : files) {
        Path to = target.resolve(relative);
        Files.createDirectories(to.getParent());
        AtomicFiles.move(temp.resolve(relative), to);
        published.add(to);
      }
      committed = true;
      AtomicFiles.deleteTree(temp);
    } catch (IOException e) {
      throw new StepIndexException("cannot move results into " + target + ": " + e.getMessage(), e);
    }
    return published;
  }

  /** Deletes the temporary directory if {@link #commit()} did not run or failed. */
  @Override
  public void close() {
    if (committed) {
      return;
    }
    try {
      AtomicFiles.deleteTree(temp);
    } catch (IOException e) {
      // The failure that made us close early is what the user needs; a leftover hidden directory is
      // harmless.
    }
  }
}
