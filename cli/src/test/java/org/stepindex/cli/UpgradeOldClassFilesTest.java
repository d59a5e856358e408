package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI's build step {@code cli/src/build/UpgradeOldClassFiles.java}, run as the build runs it on
 * copies of the real jars: picocli's Java 5 class files become Java 8 ones that the JVM verifies
 * and that behave as the originals do; a jar of newer class files is left alone, byte for byte.
 */
class UpgradeOldClassFilesTest {
  @TempDir Path tmp;

  @Test
  void picocliBecomesJava8ClassFilesThatVerifyAndBehaveTheSame() throws Exception {
    Path original = jarOf(CommandLine.class);
    Path modern = jarOf(JsonFactory.class);
    Path lib = Files.createDirectories(tmp.resolve("lib"));
    Path upgraded = Files.copy(original, lib.resolve(original.getFileName()));
    Path untouched = Files.copy(modern, lib.resolve(modern.getFileName()));
    FileTime untouchedTime = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(untouched, untouchedTime);
    Map<String, byte[]> before = entries(original);
    long old = before.entrySet().stream().filter(e -> major(e) > 0 && major(e) < 50).count();
    assertTrue(old > 100, "picocli's class files are Java 5's: " + old);

    ChildProcess run = upgrade(lib);
    assertEquals(0, run.exit(), run::toString);
    assertEquals(
        "upgraded " + old + " class files older than Java 6 in " + original.getFileName() + "\n",
        run.out());

    Map<String, byte[]> after = entries(upgraded);
    assertEquals(List.copyOf(before.keySet()), List.copyOf(after.keySet()));
    for (Map.Entry<String, byte[]> entry : after.entrySet()) {
      int major = major(entry);
      if (major < 0) {
        assertArrayEquals(before.get(entry.getKey()), entry.getValue(), entry.getKey());
      } else if (!entry.getKey().startsWith("META-INF/")) {
        assertEquals(52, major, entry.getKey());
      }
    }
    assertArrayEquals(Files.readAllBytes(modern), Files.readAllBytes(untouched));
    assertEquals(untouchedTime, Files.getLastModifiedTime(untouched));

    // Every upgraded class links (so passes the verifier, with its new stack maps), and a command
    // line built and parsed with them prints what the original picocli prints.
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {upgraded.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      for (String name : after.keySet()) {
        if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
          Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), true, loader);
        }
      }
      assertEquals(parsed(CommandLine.class.getClassLoader()), parsed(loader));
    }

    ChildProcess again = upgrade(lib);
    assertEquals(0, again.exit(), again::toString);
    assertEquals("", again.out(), "nothing is left to upgrade");
  }

  private static ChildProcess upgrade(Path lib) {
    Path root = ChildProcess.repositoryRoot();
    return ChildProcess.run(
        Map.of(),
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            root.resolve("cli/src/build/UpgradeOldClassFiles.java").toString(),
            lib.toString()),
        root,
        120);
  }

  /**
   * A command with an option and a positional parameter, built through picocli's programmatic API
   * from {@code loader}'s picocli, parsed, then its usage message and the values parsed.
   */
  private static String parsed(ClassLoader loader) throws ReflectiveOperationException {
    try {
      Class<?> specType = loader.loadClass("picocli.CommandLine$Model$CommandSpec");
      Class<?> optionType = loader.loadClass("picocli.CommandLine$Model$OptionSpec");
      Class<?> positionalType = loader.loadClass("picocli.CommandLine$Model$PositionalParamSpec");
      Object spec = specType.getMethod("create").invoke(null);
      specType.getMethod("name", String.class).invoke(spec, "demo");
      Object option =
          optionType
              .getMethod("builder", String.class, String[].class)
              .invoke(null, "-n", new String[] {"--number"});
      call(option, "type", Class.class, int.class);
      call(option, "description", String[].class, new String[] {"how many, 5 by default"});
      call(spec, "addOption", optionType, call(option, "build", null, null));
      Object positional = positionalType.getMethod("builder").invoke(null);
      call(positional, "paramLabel", String.class, "WORD");
      call(spec, "addPositional", positionalType, call(positional, "build", null, null));
      Class<?> commandLineType = loader.loadClass("picocli.CommandLine");
      Object commandLine = commandLineType.getConstructor(Object.class).newInstance(spec);
      Object result =
          commandLineType
              .getMethod("parseArgs", String[].class)
              .invoke(commandLine, (Object) new String[] {"--number", "7", "word"});
      Class<?> resultType = result.getClass();
      Object number =
          resultType
              .getMethod("matchedOptionValue", String.class, Object.class)
              .invoke(result, "-n", -1);
      Object word =
          resultType
              .getMethod("matchedPositionalValue", int.class, Object.class)
              .invoke(result, 0, "");
      return commandLineType.getMethod("getUsageMessage").invoke(commandLine)
          + "n="
          + number
          + " word="
          + word;
    } catch (InvocationTargetException e) {
      throw new AssertionError(e.getCause());
    }
  }

  /**
   * Calls {@code target}'s public method {@code name} (none or one parameter), which picocli may
   * declare in a class that is not public.
   */
  private static Object call(Object target, String name, Class<?> type, Object argument)
      throws ReflectiveOperationException {
    java.lang.reflect.Method method =
        type == null ? target.getClass().getMethod(name) : target.getClass().getMethod(name, type);
    method.setAccessible(true);
    return type == null ? method.invoke(target) : method.invoke(target, argument);
  }

  private static Path jarOf(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static Map<String, byte[]> entries(Path jar) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<? extends ZipEntry> all = new ArrayList<>(zip.stream().toList());
      for (ZipEntry entry : all) {
        try (InputStream in = zip.getInputStream(entry)) {
          entries.put(entry.getName(), in.readAllBytes());
        }
      }
    }
    return entries;
  }

  /** The class file's major version, or -1 for an entry that is not a class file. */
  private static int major(Map.Entry<String, byte[]> entry) {
    byte[] bytes = entry.getValue();
    if (!entry.getKey().endsWith(".class") || bytes.length < 8) {
      return -1;
    }
    return ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
  }
}
