package org.stepindex.indexer.base;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Temporary files beside the file they will be renamed to, for every writer that writes aside and
 * renames into place (index files, tokenized data, tokenizers, checkpoints, evaluation outputs).
 *
 * <p>Not {@link Files#createTempFile}: its files are private to their owner ({@code rw-------}),
 * and what stepindex writes is shared read-only by a lab; a file created plainly gets the
 * permissions the user's umask gives every file.
 */
public final class TempFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TempFiles() {}

  /**
   * Creates an empty file {@code .NAME.RANDOM.tmp} in the directory of {@code target} (which must
   * exist), hidden from listings of finished files and never the name of one.
   *
   * @param target the file the temporary file will become
   * @return the new, empty temporary file
   * @throws IOException when it cannot be created
   */
  public static Path besides(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    while (true) {
      Path tmp =
          parent.resolve(
              "." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong()) + ".tmp");
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException e) {
        // 1 in 2^64: draw again
      }
    }
  }
}
