package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --help} everywhere, {@code help COMMAND}, {@code --version}, and {@code stepindex} with no
 * command.
 */
class HelpTest {
  /**
   * The subcommands as registered on Main, so a command added later is covered without editing this
   * test; picocli's own {@code help} command (a header, no description) is covered by {@link
   * #helpCommandPrintsTheSameAsDashDashHelp}, and the launcher's hidden {@code aot-training} is not
   * listed.
   */
  static Stream<String> commands() {
    return Main.commandLine().getSubcommands().entrySet().stream()
        .filter(
            e ->
                !e.getKey().equals("help")
                    && !e.getValue().getCommandSpec().usageMessage().hidden())
        .map(Map.Entry::getKey);
  }

  private static String firstDescriptionLine(String command) {
    return Main.commandLine()
        .getSubcommands()
        .get(command)
        .getCommandSpec()
        .usageMessage()
        .description()[0];
  }

  @Test
  void topLevelHelpDescribesTheToolAndListsEveryCommand() {
    String out = CliRun.of("--help").ok().out();
    assertTrue(out.startsWith("Usage: stepindex "), out);
    assertTrue(out.contains("Training data indexed by training step"), out);
    assertAll(
        Stream.concat(commands(), Stream.of("help"))
            .map(
                c ->
                    () ->
                        assertTrue(
                            out.matches("(?s).*\\n +" + c + " .*"), c + " listed in " + out)));
  }

  /**
   * picocli renders description and footer lines as format strings: a bare '%' ("21% of") makes it
   * print a warning to stderr on every help. Each line of every command must format cleanly.
   */
  @Test
  void helpTextsAreValidFormatStrings() {
    Stream.concat(
            Stream.of(Main.commandLine()), Main.commandLine().getSubcommands().values().stream())
        .map(c -> c.getCommandSpec().usageMessage())
        .flatMap(m -> Stream.of(m.description(), m.footer(), m.header()).flatMap(Stream::of))
        .forEach(
            line -> assertDoesNotThrow(() -> String.format(java.util.Locale.ROOT, line), line));
  }

  /**
   * Option descriptions are format strings too, and picocli says so on stderr itself (its tracer,
   * not the command's error stream): no command's help may make it warn.
   */
  @ParameterizedTest
  @MethodSource("commands")
  void noHelpMakesPicocliWarn(String command) {
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    CliRun run;
    try {
      System.setErr(
          new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
      run = CliRun.of(command, "--help");
    } finally {
      System.setErr(stderr);
    }
    run.ok();
    String warned = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertFalse(warned.contains("picocli WARN"), command + " --help: " + warned);
  }

  /**
   * The usage names the command, and the text starts with the command's description (wrapped, so a
   * prefix).
   */
  @ParameterizedTest
  @MethodSource("commands")
  void everyCommandHasHelpWithUsageAndDescription(String command) {
    String out = CliRun.of(command, "--help").ok().out();
    assertTrue(out.startsWith("Usage: stepindex " + command), out);
    String description = firstDescriptionLine(command);
    String start = description.substring(0, Math.min(40, description.length()));
    assertFalse(start.isBlank(), command + " has a description");
    assertTrue(out.contains(start), () -> "'" + start + "' in " + out);
  }

  /** picocli builds only the subcommand named: its model is most of a short command's start. */
  @Test
  void aCommandLineBuildsOnlyTheCommandItNames() {
    assertEquals(
        Set.of("count"), Main.commandLine("count", "--step", "1", "x").getSubcommands().keySet());
    assertEquals(Set.of(), Main.commandLine("--version").getSubcommands().keySet());
    Set<String> all = Main.commandLine().getSubcommands().keySet();
    assertTrue(all.containsAll(Set.of("count", "serve", "help", "aot-training")), all::toString);
    assertEquals(all, Main.commandLine("help", "count").getSubcommands().keySet());
    assertEquals(all, Main.commandLine("cuont").getSubcommands().keySet());
  }

  @Test
  void helpCommandPrintsTheSameAsDashDashHelp() {
    assertEquals(CliRun.of("count", "--help").ok().out(), CliRun.of("help", "count").ok().out());
  }

  @Test
  void versionNamesTheTool() {
    List<String> lines = CliRun.of("--version").ok().outLines();
    assertEquals(1, lines.size(), lines::toString);
    assertTrue(lines.getFirst().startsWith("stepindex "), lines::toString);
  }

  /**
   * The hint to run --help is given once; the handler adds it, so the message must not carry it
   * too.
   */
  @Test
  void noCommandIsOneLineWithOneHint() {
    String message = CliRun.of().userError();
    assertTrue(message.startsWith("name a command"), message);
    assertEquals(1, message.split("see 'stepindex --help'", -1).length - 1, "hints in: " + message);
  }
}
