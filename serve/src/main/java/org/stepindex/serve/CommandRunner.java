package org.stepindex.serve;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs a command line of the query commands inside the server's process, as the launcher's warm
 * path asks ({@code POST /run}), against the indexes the server has open: what a process of its own
 * would print on stdout and stderr, and its exit status. The command line layer supplies it; the
 * server only carries requests and answers.
 */
@FunctionalInterface
public interface CommandRunner {
  /**
   * Runs {@code invocation}.
   *
   * @return what it printed and its status, or null when it cannot be answered exactly as a process
   *     of its own would answer it (another index, a file the server cannot see as the caller
   *     does): the caller then runs it itself
   */
  Outcome run(Invocation invocation);

  /** A command line ({@code args}, the command first) and the directory it was given in. */
  record Invocation(List<String> args, Path cwd) {}

  /** The bytes a process would have written on stdout and stderr, and its exit status. */
  record Outcome(int exit, byte[] stdout, byte[] stderr) {}
}
