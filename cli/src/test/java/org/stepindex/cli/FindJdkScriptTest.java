package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/find-jdk.sh}, which {@code ./stepindex} and {@code ./run-tests} source: a JAVA_HOME
 * pointing at an old JDK (a common default) must not win over an installed JDK 25, and without any
 * JDK 25 it must stop with what to install. Needs bash and a JDK 17 next to the JDK 25 running the
 * tests, as on the development machines.
 */
class FindJdkScriptTest {
  private static final Path JDK_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

  @BeforeAll
  static void needsBashAndJdk17() {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash");
    assumeTrue(Files.isExecutable(JDK_17.resolve("bin/java")), "a JDK 17 at " + JDK_17);
  }

  /**
   * Sources the script in bash with JAVA_HOME at JDK 17 after {@code setup}; prints the JAVA_HOME
   * it chose.
   */
  private static ChildProcess source(String setup) {
    return ChildProcess.run(
        Map.of("JAVA_HOME", JDK_17.toString()),
        List.of("/bin/bash", "-c", setup + "source bin/find-jdk.sh; echo \"$JAVA_HOME\""));
  }

  @Test
  void anOldJavaHomeIsPassedOverForAJdk25() throws IOException {
    ChildProcess run = source("");
    assertEquals(0, run.exit(), run::toString);
    Path chosen = Path.of(run.out().strip());
    assertTrue(Files.isExecutable(chosen.resolve("bin/javac")), "a JDK, not a JRE: " + chosen);
    assertTrue(majorVersion(chosen) >= 25, chosen + " is " + majorVersion(chosen));
  }

  /**
   * Of several JDKs 25 the newest by its release file wins, compared number by number (25.0.10 is
   * newer than 25.0.9), whatever the order of their directories' names.
   */
  @Test
  void theNewestJdk25Wins(@TempDir Path jvms) throws IOException {
    for (String[] jdk :
        new String[][] {{"a-jdk", "25.0.10"}, {"b-jdk", "25.0.9"}, {"c-jdk", "17.0.12"}}) {
      Path bin = Files.createDirectories(jvms.resolve(jdk[0]).resolve("bin"));
      for (String tool : new String[] {"java", "javac"}) {
        Files.writeString(bin.resolve(tool), "#!/bin/sh\nexit 1\n"); // never run: release is read
        bin.resolve(tool).toFile().setExecutable(true);
      }
      Files.writeString(
          jvms.resolve(jdk[0]).resolve("release"), "JAVA_VERSION=\"" + jdk[1] + "\"\n");
    }
    ChildProcess run = source("STEPINDEX_JDK_SEARCH='" + jvms + "/*'; ");
    assertEquals(0, run.exit(), run::toString);
    assertEquals(jvms.resolve("a-jdk").toString(), run.out().strip());
  }

  /**
   * No JDK 25 anywhere, simulated without touching the system: the directories searched are an
   * empty one, and PATH offers only the JDK 17's java.
   */
  @Test
  void withoutAJdk25ItStopsAndSaysWhatToInstall(@TempDir Path empty) {
    ChildProcess run =
        source(
            "STEPINDEX_JDK_SEARCH='"
                + empty
                + "/*'; PATH="
                + JDK_17.resolve("bin")
                + ":/usr/bin:/bin; ");
    assertEquals(3, run.exit(), run::toString);
    assertEquals("", run.out(), "JAVA_HOME is never echoed: the script exits");
    List<String> lines = run.err().lines().toList();
    assertEquals(2, lines.size(), run::toString);
    assertTrue(
        lines.get(0).startsWith("stepindex: needs a JDK 25 or newer and found none"), lines.get(0));
    assertTrue(
        lines.get(1).contains("install") && lines.get(1).contains("JAVA_HOME"), lines.get(1));
  }

  /** The JDK's own record of its version, read independently of the script's way of asking java. */
  private static int majorVersion(Path jdk) throws IOException {
    Matcher m =
        Pattern.compile("(?m)^JAVA_VERSION=\"([0-9]+)")
            .matcher(Files.readString(jdk.resolve("release")));
    assertTrue(m.find(), "JAVA_VERSION in " + jdk.resolve("release"));
    return Integer.parseInt(m.group(1));
  }
}
