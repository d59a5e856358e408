package org.stepindex.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.stepindex.indexer.entities.EntitiesView;
import org.stepindex.indexer.store.Manifest;
import org.stepindex.query.FrequencyIndex;
import org.stepindex.serve.CommandRunner;

/**
 * The query commands run inside {@code stepindex serve} for the launcher's warm path: the same
 * picocli command, in the server's process, against the index it has open, printing exactly what a
 * process of the caller's own would print. A command reaches its index and files through {@link
 * #open}, {@link #manifest} and {@link #readable}, which in a process of its own open and return
 * them as they are, and inside the server give the open index as a view named as the caller named
 * it ({@link FrequencyIndex#as}), or decline the run when it cannot be answered exactly: another
 * index than the server's, a relative path while the caller's directory is not the server's, a file
 * that is not a plain file (a pipe such as {@code /dev/stdin} is the server's own). A declined run
 * prints nothing here; the launcher runs the same read-only command in a process of its own.
 */
final class ServedRuns implements CommandRunner {
  /** The commands the warm path runs: read-only, and answered from an open index. */
  static final Set<String> COMMANDS =
      Set.of("count", "timeline", "cooccur", "stats", "find", "exposures", "next");

  /** The run in progress on this thread inside the server; unbound in a process of its own. */
  private static final ScopedValue<Run> CURRENT = ScopedValue.newInstance();

  /** The indexes served, by their real directory. */
  private final Map<Path, FrequencyIndex> served;

  private final Path serverDir;

  /** What one run inside the server sees. */
  private record Run(
      Map<Path, FrequencyIndex> served,
      Path cwd,
      boolean sameDir,
      PrintWriter err,
      AtomicBoolean declined) {}

  /** A run that cannot be answered exactly inside the server; ends it, printing nothing. */
  static final class Declined extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Declined() {
      super(null, null, false, false);
    }
  }

  /**
   * Runs against {@code served}: each open index by its directory (any spelling that names the same
   * directory).
   */
  ServedRuns(Map<Path, FrequencyIndex> served) {
    this.served = Map.copyOf(served);
    this.serverDir = Path.of("").toAbsolutePath();
  }

  @Override
  public Outcome run(Invocation invocation) {
    List<String> args = invocation.args();
    if (args.isEmpty() || !COMMANDS.contains(args.getFirst())) {
      return null;
    }
    if (args.stream().anyMatch(arg -> arg.startsWith("@"))) {
      return null; // picocli reads an @FILE argument as more arguments, from a file the server may
      // not see alike
    }
    boolean sameDir;
    try {
      sameDir = Files.isSameFile(invocation.cwd(), serverDir);
    } catch (IOException e) {
      return null;
    }
    // The charsets a JVM started in the caller's locale would write with (the endpoint checked it
    // is the server's).
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(stdout, charset("stdout.encoding")), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(stderr, charset("stderr.encoding")), true);
    Run run = new Run(served, invocation.cwd(), sameDir, err, new AtomicBoolean());
    int exit =
        ScopedValue.where(CURRENT, run)
            .call(() -> Main.execute(out, err, args.toArray(String[]::new)));
    out.flush();
    err.flush();
    return run.declined().get()
        ? null
        : new Outcome(exit, stdout.toByteArray(), stderr.toByteArray());
  }

  private static Charset charset(String property) {
    try {
      return Charset.forName(System.getProperty(property, System.getProperty("native.encoding")));
    } catch (RuntimeException e) {
      return Charset.defaultCharset();
    }
  }

  /** Whether {@code failure} is a declined run (Main prints nothing for it). */
  static boolean isDeclined(Throwable failure) {
    return failure instanceof Declined;
  }

  /**
   * The index in {@code dir}: opened, in a process of its own; inside the server, its open index as
   * a view named {@code dir}, with warnings going where this run's stderr goes.
   */
  static FrequencyIndex open(Path dir) {
    if (!CURRENT.isBound()) {
      return FrequencyIndex.open(dir);
    }
    Run run = CURRENT.get();
    PrintWriter err = run.err();
    return served(run, dir)
        .as(
            dir,
            line -> {
              err.println("stepindex: warning: " + line);
              err.flush();
            });
  }

  /** The manifest of the index in {@code dir}, as {@link #open} would find it. */
  static Manifest manifest(Path dir) {
    return CURRENT.isBound() ? served(CURRENT.get(), dir).manifest() : Manifest.read(dir);
  }

  /**
   * {@code file}, to read as the command's caller would; inside the server, declines what it cannot
   * see alike.
   */
  static Path readable(Path file) {
    if (file == null || !CURRENT.isBound()) {
      return file;
    }
    Run run = CURRENT.get();
    if (!file.isAbsolute() && !run.sameDir()) {
      throw decline(run);
    }
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
      throw decline(
          run); // a pipe, a device, a directory: what the server would read is its own, or says
      // otherwise
    }
    return file;
  }

  /**
   * The training data and tokenizer a history command reads ({@code find}, {@code next}): each as
   * given, else as the manifest of {@code index} records it, and the entity file an added entities
   * view was made from ({@code find --view entities}); inside the server, declines any that it
   * cannot see as the caller does.
   */
  static void checkRecorded(FrequencyIndex index, Path data, Path tokenizer) {
    if (!CURRENT.isBound()) {
      return;
    }
    readable(data != null ? data : Path.of(index.manifest().data().path()));
    readable(tokenizer != null ? tokenizer : Path.of(index.manifest().tokenizer().path()));
    Manifest.AddedView entities = index.manifest().addedView(EntitiesView.NAME);
    if (entities != null) {
      readable(Path.of(entities.source()));
    }
  }

  private static FrequencyIndex served(Run run, Path dir) {
    Path resolved = run.cwd().resolve(dir);
    for (Map.Entry<Path, FrequencyIndex> index : run.served().entrySet()) {
      try {
        if (Files.isSameFile(resolved, index.getKey())) {
          return index.getValue();
        }
      } catch (IOException e) {
        break; // no such directory here: the caller's own process says so
      }
    }
    throw decline(run);
  }

  private static Declined decline(Run run) {
    run.declined().set(true);
    return new Declined();
  }
}
