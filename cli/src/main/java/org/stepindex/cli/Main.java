package org.stepindex.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.stepindex.indexer.base.Exhaustion;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.query.trace.Phases;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code stepindex <command> [options]}. */
@Command(
    name = "stepindex",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Training data indexed by training step: how often had the model seen X by step S?",
      "",
      "Counts are exact. \"At step S\" means the sequences [0, S x batch size) that checkpoint stepS was trained on.",
    },
    footer = {
      "",
      "Run 'stepindex demo' for a tour on a synthetic corpus; 'stepindex help COMMAND' for details."
    })
public final class Main implements Runnable {
  /**
   * The subcommands, in the order help lists them. Only the one named on the command line is given
   * to picocli, so a run builds one command's model, not all of them (picocli's reflection is most
   * of a short command's start-up).
   */
  private static final List<Class<?>> COMMANDS =
      List.of(
          IndexCommand.class,
          SlurmCommand.class,
          CountCommand.class,
          TimelineCommand.class,
          CooccurCommand.class,
          FindCommand.class,
          ExposuresCommand.class,
          NextCommand.class,
          ShowCommand.class,
          StatsCommand.class,
          VerifyCommand.class,
          SynthCommand.class,
          DemoCommand.class,
          BenchCommand.class,
          ScoreCommand.class,
          EvalCommand.class,
          CorrelateCommand.class,
          QaEntitiesCommand.class,
          ReportCommand.class,
          BenchModelCommand.class,
          TrainCommand.class,
          BenchTrainCommand.class,
          ServeCommand.class,
          BenchCliCommand.class,
          BenchServeCommand.class,
          AotTrainingCommand.class,
          CommandLine.HelpCommand.class);

  /**
   * Lucene logs at start-up that the JDK's incubating vector module is not enabled; enabling it
   * makes the JVM print its own warning instead. Neither helps a user reading counts. Held in a
   * field: JUL keeps loggers weakly.
   */
  private static final Logger LUCENE_VECTORIZATION_LOG =
      Logger.getLogger("org.apache.lucene.internal.vectorization");

  /**
   * Whether a heap or disk that ran out was reported, by the command's thread or another: one line
   * per process.
   */
  private static final AtomicBoolean EXHAUSTION_REPORTED = new AtomicBoolean();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }

  public static void main(String[] args) {
    Phases.mark("main");
    LUCENE_VECTORIZATION_LOG.setLevel(Level.SEVERE);
    // A worker thread that runs out of heap or disk would print its stack trace; the command's
    // thread reports the
    // same failure in one line, so other threads say it in one line too (anything else stays a
    // bug's trace).
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, failure) -> {
          String line = Exhaustion.describe(failure);
          if (line != null) {
            if (!EXHAUSTION_REPORTED.getAndSet(true)) {
              System.err.println("stepindex: " + line);
            }
          } else {
            failure.printStackTrace();
          }
        });
    int exit = execute(args);
    Phases.mark("done");
    Phases.write();
    System.exit(exit);
  }

  /** Runs the command line on the process's stdout and stderr and returns the exit code. */
  public static int execute(String... args) {
    return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /**
   * Runs the command line with the given output streams and returns the exit code (tests call this
   * in-process).
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine(args);
    // picocli builds the command's model by reflection, and the annotation proxy classes that
    // reflection returns are generated at run time (the JDK's AOT cache does not hold them).
    Phases.mark("model");
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(Main::handleFailure);
    cli.setParameterExceptionHandler(Main::handleBadArguments);
    if (Phases.enabled()) {
      cli.setExecutionStrategy(
          parsed -> {
            Phases.mark("parsed");
            return new CommandLine.RunLast().execute(parsed);
          });
    }
    try {
      return cli.execute(args);
    } catch (VirtualMachineError e) {
      // picocli hands errors on: the heap ran out in the command itself (anything else of the kind
      // is a bug).
      return handleFailure(e, cli.getErr());
    }
  }

  /**
   * The command line for {@code args}, with the subcommands they need (all of them for no
   * arguments).
   */
  static CommandLine commandLine(String... args) {
    CommandLine cli = new CommandLine(new Main());
    for (Class<?> command : commandsFor(args)) {
      // Built on its own, so that picocli applies the command's model transformer (EvalCommand's
      // task help).
      cli.addSubcommand(new CommandLine(command));
    }
    return cli;
  }

  /**
   * The subcommands a command line needs: the one it names; none for {@code --version}; all for
   * anything else ({@code help}, a mistyped name, no name), whose messages list or suggest them.
   */
  private static List<Class<?>> commandsFor(String[] args) {
    if (args.length == 0) {
      return COMMANDS;
    }
    if (args[0].equals("--version") || args[0].equals("-V")) {
      return List.of();
    }
    for (Class<?> command : COMMANDS) {
      if (command != CommandLine.HelpCommand.class
          && command.getAnnotation(Command.class).name().equals(args[0])) {
        return List.of(command);
      }
    }
    return COMMANDS;
  }

  private static int handleFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    return handleFailure(e, cli.getErr());
  }

  private static int handleFailure(Throwable e, PrintWriter err) {
    if (ServedRuns.isDeclined(e)) {
      return 1; // run inside the server, it cannot be answered there exactly: the launcher runs it
      // itself
    }
    String exhausted = Exhaustion.describe(e);
    if (exhausted != null) {
      if (!EXHAUSTION_REPORTED.getAndSet(true)) {
        err.println("stepindex: " + exhausted);
        err.flush();
      }
      return 3;
    }
    if (e instanceof StepIndexException) {
      err.println("stepindex: " + e.getMessage());
      err.flush();
      return 2;
    }
    err.println(
        "stepindex: internal error: "
            + e
            + " (this is a bug; set STEPINDEX_DEBUG=1 for the stack trace)");
    if (System.getenv("STEPINDEX_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  private static int handleBadArguments(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    String message =
        e.getMessage().startsWith("Error: ") ? e.getMessage().substring(7) : e.getMessage();
    err.println(
        "stepindex: "
            + message
            + " (see '"
            + e.getCommandLine().getCommandSpec().qualifiedName()
            + " --help')");
    err.flush();
    return 2;
  }

  /** Reports the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"stepindex " + (version == null ? "development build" : version)};
    }
  }
}
