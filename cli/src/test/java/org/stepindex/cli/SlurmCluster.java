package org.stepindex.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.opentest4j.TestAbortedException;

/**
 * A real one-node Slurm cluster on loopback for the tests, made of Debian's {@code slurm-wlm} and
 * {@code munge}: its own {@code munged} (own key and socket, so a munged the machine already runs
 * is left alone), and {@code slurmctld} and {@code slurmd} from a {@code slurm.conf} generated in a
 * temporary directory (free ports, state, spool and logs there too). {@link #close()} stops all
 * three and deletes the directory.
 *
 * <p>The packages are installed with {@code apt-get} when missing, as {@code .ci/run} runs as root
 * on a fresh machine. The test is skipped, saying why, only where that cannot be: not root, or no
 * {@code apt-get}. Anything else that goes wrong (the install, a daemon that does not start, a node
 * that never comes up) fails it with what failed and the daemon's log.
 */
final class SlurmCluster implements AutoCloseable {
  private static final Duration START = Duration.ofSeconds(60);

  private final Path dir;
  private final Path conf;
  private final Path socket;
  private final String node;
  private final List<Path> pidFiles = new ArrayList<>();
  private boolean mungeStarted;

  private SlurmCluster(Path dir) {
    this.dir = dir;
    this.conf = dir.resolve("slurm.conf");
    this.socket = dir.resolve("munge").resolve("munge.socket");
    this.node = "stepindex" + Long.toUnsignedString(new SecureRandom().nextLong() % 100000);
  }

  /**
   * Installs what is missing, starts the daemons and waits until the node is idle.
   *
   * @throws TestAbortedException when not root or without apt-get (the only reasons to skip)
   * @throws AssertionError saying exactly what failed otherwise
   */
  static SlurmCluster start() {
    install();
    Path dir;
    try {
      dir =
          Files.createTempDirectory(
              Path.of("/tmp"),
              "stepindex-slurm-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SlurmCluster cluster = new SlurmCluster(dir);
    try {
      cluster.startDaemons();
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private static void install() {
    if (onPath("slurmctld") && onPath("slurmd") && onPath("sbatch") && onPath("munged")) {
      return;
    }
    if (!"0".equals(run(List.of("id", "-u"), Map.of(), 10).out().strip())) {
      throw new TestAbortedException(
          "Slurm is not installed and this test is not root: it installs slurm-wlm and"
              + " munge with apt-get and runs slurmd as root (.ci/run does)");
    }
    if (!onPath("apt-get")) {
      throw new TestAbortedException(
          "Slurm is not installed and there is no apt-get to install slurm-wlm and munge");
    }
    Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
    ChildProcess install = run(List.of("apt-get", "install", "-y", "slurm-wlm", "munge"), env, 600);
    if (install.exit() != 0) {
      ChildProcess update = run(List.of("apt-get", "update"), env, 600);
      install = run(List.of("apt-get", "install", "-y", "slurm-wlm", "munge"), env, 600);
      if (install.exit() != 0) {
        throw new AssertionError(
            "apt-get install -y slurm-wlm munge failed (exit "
                + install.exit()
                + ", apt-get update"
                + " exit "
                + update.exit()
                + "): "
                + tail(install.out() + install.err()));
      }
    }
  }

  private void startDaemons() {
    try {
      for (String sub : List.of("munge", "state", "spool", "log", "run")) {
        Files.createDirectories(dir.resolve(sub));
      }
      Path key = dir.resolve("munge").resolve("munge.key");
      byte[] secret = new byte[1024];
      new SecureRandom().nextBytes(secret);
      Files.write(key, secret);
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
      Files.writeString(conf, config());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path munge = dir.resolve("munge");
    daemon(
        "munged",
        List.of(
            "munged",
            "--force",
            "--socket=" + socket,
            "--key-file=" + munge.resolve("munge.key"),
            "--pid-file=" + munge.resolve("munged.pid"),
            "--log-file=" + munge.resolve("munged.log"),
            "--seed-file=" + munge.resolve("munged.seed")),
        munge.resolve("munged.log"));
    mungeStarted = true;
    daemon(
        "slurmctld", List.of("slurmctld", "-f", conf.toString()), dir.resolve("log/slurmctld.log"));
    pidFiles.add(dir.resolve("run/slurmctld.pid"));
    daemon(
        "slurmd",
        List.of("slurmd", "-f", conf.toString(), "-N", node),
        dir.resolve("log/slurmd.log"));
    pidFiles.add(dir.resolve("run/slurmd.pid"));
    long deadline = System.currentTimeMillis() + START.toMillis();
    String state = "";
    while (System.currentTimeMillis() < deadline) {
      state =
          slurm(List.of("sinfo", "--noheader", "--format=%T", "--nodes=" + node), 30).out().strip();
      if (state.equals("idle")) {
        return;
      }
      sleep(500);
    }
    throw new AssertionError(
        "the Slurm node "
            + node
            + " did not become idle within "
            + START.toSeconds()
            + " s (state '"
            + state
            + "'); slurmctld log: "
            + tail(read(dir.resolve("log/slurmctld.log")))
            + "; slurmd log: "
            + tail(read(dir.resolve("log/slurmd.log"))));
  }

  private String config() throws IOException {
    String host = run(List.of("hostname", "-s"), Map.of(), 10).out().strip();
    int cpus = Runtime.getRuntime().availableProcessors();
    return String.join(
        "\n",
        "ClusterName=" + node,
        "SlurmctldHost=" + host + "(127.0.0.1)",
        "SlurmctldPort=" + freePort(),
        "SlurmdPort=" + freePort(),
        "AuthType=auth/munge",
        "CredType=cred/munge",
        "AuthInfo=socket=" + socket,
        "SlurmUser=root",
        "SlurmdUser=root",
        "StateSaveLocation=" + dir.resolve("state"),
        "SlurmdSpoolDir=" + dir.resolve("spool"),
        "SlurmctldPidFile=" + dir.resolve("run/slurmctld.pid"),
        "SlurmdPidFile=" + dir.resolve("run/slurmd.pid"),
        "SlurmctldLogFile=" + dir.resolve("log/slurmctld.log"),
        "SlurmdLogFile=" + dir.resolve("log/slurmd.log"),
        "ProctrackType=proctrack/linuxproc",
        "TaskPlugin=task/none",
        "SchedulerType=sched/backfill",
        "SelectType=select/cons_tres",
        "SelectTypeParameters=CR_Core",
        "ReturnToService=2",
        // The node's CPUs and memory are taken as configured, so the node never drains on a machine
        // that differs.
        "SlurmdParameters=config_overrides",
        "MpiDefault=none",
        "JobCompType=jobcomp/none",
        "AccountingStorageType=accounting_storage/none",
        "NodeName="
            + node
            + " NodeAddr=127.0.0.1 NodeHostname="
            + host
            + " CPUs="
            + cpus
            + " RealMemory=1000 State=UNKNOWN",
        "PartitionName=debug Nodes=" + node + " Default=YES MaxTime=INFINITE State=UP",
        "");
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  private void daemon(String name, List<String> command, Path log) {
    ChildProcess started = run(command, Map.of("SLURM_CONF", conf.toString()), 60);
    if (started.exit() != 0) {
      throw new AssertionError(
          name
              + " did not start (exit "
              + started.exit()
              + "): "
              + tail(started.out() + started.err())
              + "; its log: "
              + tail(read(log)));
    }
  }

  /**
   * Runs {@code sbatch ARGS...} against this cluster from {@code workDir} and returns what it
   * printed; fails the test if it exits non-zero.
   */
  String sbatch(Path workDir, long timeoutSeconds, String... args) {
    List<String> command = new ArrayList<>(List.of("sbatch"));
    command.addAll(List.of(args));
    ChildProcess result =
        run(command, Map.of("SLURM_CONF", conf.toString()), timeoutSeconds, workDir);
    if (result.exit() != 0) {
      throw new AssertionError(
          String.join(" ", command)
              + " exited "
              + result.exit()
              + ": "
              + result.out()
              + result.err()
              + "; slurmctld log: "
              + tail(read(dir.resolve("log/slurmctld.log"))));
    }
    return result.out().strip();
  }

  private ChildProcess slurm(List<String> command, long timeoutSeconds) {
    return run(command, Map.of("SLURM_CONF", conf.toString()), timeoutSeconds);
  }

  /** Stops the daemons this cluster started and deletes its directory. */
  @Override
  public void close() {
    for (Path pidFile : pidFiles.reversed()) {
      try {
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle.of(pid)
            .ifPresent(
                process -> {
                  process.destroy();
                  try {
                    process.onExit().get(20, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    process.destroyForcibly();
                  }
                });
      } catch (IOException | NumberFormatException e) {
        // never started, or gone already
      }
    }
    if (mungeStarted) {
      run(List.of("munged", "--stop", "--socket=" + socket), Map.of(), 30);
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a leftover temporary directory is harmless
    }
  }

  private static ChildProcess run(
      List<String> command, Map<String, String> env, long timeoutSeconds) {
    return run(command, env, timeoutSeconds, Path.of("/tmp"));
  }

  private static ChildProcess run(
      List<String> command, Map<String, String> env, long timeoutSeconds, Path workDir) {
    List<String> resolved = new ArrayList<>(command);
    resolved.set(0, executable(command.getFirst()));
    return ChildProcess.run(env, resolved, workDir, timeoutSeconds);
  }

  private static boolean onPath(String program) {
    return !executable(program).equals(program);
  }

  /**
   * The program's path on PATH or in the system directories daemons live in; the bare name if none
   * has it.
   */
  private static String executable(String program) {
    for (String dir :
        (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Path.of(dir, program).toString();
      }
    }
    return program;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(" + file + " unreadable: " + e.getMessage() + ")";
    }
  }

  private static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
