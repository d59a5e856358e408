import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A build step of the CLI (run by {@code cli/pom.xml} after the runtime jars are copied to {@code
 * cli/target/lib}): rewrites each class file older than Java 6 (major version below 50) in those
 * jars as a Java 8 class file with stack maps, the same code and nothing else changed.
 *
 * <p>Why: the JDK's ahead-of-time cache, which the launcher makes so that a short command starts
 * sooner, leaves out every class of version 49 or older ("Old class has been linked"). picocli is
 * compiled for Java 5, so the 180-odd classes of its that every command line needs were parsed and
 * verified anew, with the old verifier, on every run. Upgraded, they come from the cache: a cold
 * {@code count} about 45 ms sooner and {@code --version} about 70 ms sooner on an AMD EPYC
 * (docs/benchmarks.md).
 *
 * <p>A jar with nothing to upgrade is left as it is (so the launcher's cache is not made again for
 * nothing); a jar rewritten is written to a temporary file and renamed over the original. The
 * jars in the local Maven repository, which the tests use, are never touched.
 *
 * <p>Usage: {@code java UpgradeOldClassFiles.java LIB_DIR} (a JDK 24 or newer: java.lang.classfile).
 */
public final class UpgradeOldClassFiles {
  private static final int JAVA_6 = 50;

  private UpgradeOldClassFiles() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: java UpgradeOldClassFiles.java LIB_DIR");
      System.exit(2);
    }
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
      for (Path jar : jars) {
        int upgraded = upgrade(jar);
        if (upgraded > 0) {
          System.out.println(
              "upgraded " + upgraded + " class files older than Java 6 in " + jar.getFileName());
        }
      }
    }
  }

  /** Rewrites {@code jar} if it holds class files older than Java 6; returns how many. */
  private static int upgrade(Path jar) throws IOException {
    if (!holdsOldClasses(jar)) {
      return 0;
    }
    Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
    int upgraded = 0;
    try (ZipFile in = new ZipFile(jar.toFile());
        URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
      // Stack maps need the class hierarchy: the JDK's own classes, and the jar's.
      ClassFile files =
          ClassFile.of(
              ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
              ClassFile.ClassHierarchyResolverOption.of(
                  ClassHierarchyResolver.defaultResolver()
                      .orElse(ClassHierarchyResolver.ofResourceParsing(classes))));
      for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        byte[] bytes;
        try (InputStream read = in.getInputStream(entry)) {
          bytes = read.readAllBytes();
        }
        if (isOldClass(entry.getName(), bytes)) {
          bytes = toJava8(files, files.parse(bytes));
          upgraded++;
        }
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return upgraded;
  }

  private static boolean holdsOldClasses(Path jar) throws IOException {
    try (ZipFile in = new ZipFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        if (entry.getName().endsWith(".class")) {
          try (InputStream read = in.getInputStream(entry)) {
            if (isOldClass(entry.getName(), read.readNBytes(8))) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /** A class file (not a multi-release jar's module descriptor) of a major version below 50. */
  private static boolean isOldClass(String name, byte[] head) {
    if (!name.endsWith(".class") || name.startsWith("META-INF/") || head.length < 8) {
      return false;
    }
    int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
    return major < JAVA_6;
  }

  /** The same class as a Java 8 class file: every method's code rebuilt, with stack maps. */
  private static byte[] toJava8(ClassFile files, ClassModel model) {
    return files.transformClass(
        model,
        ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
            .andThen(
                (builder, element) -> {
                  if (element instanceof ClassFileVersion) {
                    builder.withVersion(ClassFile.JAVA_8_VERSION, 0);
                  } else {
                    builder.with(element);
                  }
                }));
  }
}
