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
   * No JDK 25 anywhere, simulated without touching the system: {@code ls} (which lists /usr/lib/jvm
   * and /opt) is shadowed by a function printing nothing, and PATH offers only the JDK 17's java.
   */
  @Test
  void withoutAJdk25ItStopsAndSaysWhatToInstall() {
    ChildProcess run = source("ls() { :; }; PATH=" + JDK_17.resolve("bin") + ":/usr/bin:/bin; ");
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
