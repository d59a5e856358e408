package org.stepindex.serve;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.stepindex.indexer.store.IndexLayout;

/**
 * The file by which a running server tells the launcher where it answers for an index: {@value
 * #FILE} in the index directory, one line {@code stepindex-server 1 URL PID TOKEN}, readable by its
 * owner only (the token lets a command line run in the server, so only the server's user may learn
 * it). Written atomically (a temporary file renamed into place) once the server listens, and
 * removed when it stops, only while it still holds this server's token. A server killed without a
 * chance to remove it leaves it behind: the launcher finds the process gone or the port refusing,
 * and removes it ({@code ./stepindex}, which reads this format in bash).
 */
public final class ServerAddress {
  /** The file's name in the index directory. */
  public static final String FILE = IndexLayout.SERVER_ADDRESS;

  /**
   * The first two words of the line: what the file is, and the version of the protocol the launcher
   * speaks.
   */
  static final String MAGIC = "stepindex-server 1";

  private ServerAddress() {}

  /**
   * The address line of a server at {@code url}, process {@code pid}, start token {@code token}.
   */
  static String line(URI url, long pid, String token) {
    return MAGIC + " " + url + " " + pid + " " + token + "\n";
  }

  /**
   * Writes the address into {@code indexDir}.
   *
   * @throws IOException when the directory cannot be written (a read-only index): the server serves
   *     without being found by the launcher
   */
  public static void write(Path indexDir, URI url, long pid, String token) throws IOException {
    Path file = IndexLayout.of(indexDir).serverAddress();
    Path tmp = indexDir.resolve(FILE + ".tmp-" + pid);
    try {
      Files.deleteIfExists(tmp);
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, line(url, pid, token), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Removes the address from {@code indexDir} if it is still the one holding {@code token}; quietly
   * otherwise.
   */
  public static void remove(Path indexDir, String token) {
    Path file = IndexLayout.of(indexDir).serverAddress();
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (!lines.isEmpty() && lines.getFirst().endsWith(" " + token)) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // gone already, or another server's: nothing of ours to remove
    }
  }
}
