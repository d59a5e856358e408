package org.stepindex.eval.bias;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Reads WinoBias files: {@code (pro|anti)_stereotyped_type(1|2).txt[.dev|.test]}, one {@link
 * WinoBiasSentence} per non-blank line. Type and condition come from the file name. A directory
 * stands for the WinoBias files in it.
 *
 * <p>The pro and anti files of a type and split are line-aligned (sentence {@code n} of one is
 * sentence {@code n} of the other with the pronoun's gender swapped), so when both are read the
 * ambiguous "her" takes its male form (him or his) from the paired sentence; without a pair, {@link
 * Pronouns#flip} decides.
 */
public final class WinoBiasReader {
  private static final Pattern NAME =
      Pattern.compile("(pro|anti)_stereotyped_type([12])\\.txt(?:\\.(dev|test))?");

  private WinoBiasReader() {}

  /**
   * Reads the given files and directories, in order (a directory's files by name).
   *
   * @throws StepIndexException when a path is missing, a file is not named as WinoBias names them,
   *     a directory has no WinoBias file, or a line does not parse
   */
  public static List<WinoBiasItem> read(List<Path> paths) {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      files.addAll(expand(p));
    }
    record Parsed(
        Path file, int type, String condition, String split, List<WinoBiasSentence> sentences) {}
    List<Parsed> parsed = new ArrayList<>();
    Map<String, WinoBiasSentence> byKey = new HashMap<>();
    for (Path file : files) {
      Matcher m = NAME.matcher(file.getFileName().toString());
      if (!m.matches()) {
        throw new StepIndexException(
            "cannot tell WinoBias type and pro/anti from the file name "
                + file
                + "; name it as WinoBias does, e.g. pro_stereotyped_type1.txt.dev");
      }
      String split = m.group(3) == null ? "" : m.group(3);
      Parsed p = new Parsed(file, Integer.parseInt(m.group(2)), m.group(1), split, sentences(file));
      parsed.add(p);
      for (WinoBiasSentence s : p.sentences()) {
        if (s.number() != null) {
          byKey.put(key(p.condition(), p.type(), p.split(), s.number()), s);
        }
      }
    }
    List<WinoBiasItem> items = new ArrayList<>();
    for (Parsed p : parsed) {
      String other = p.condition().equals("pro") ? "anti" : "pro";
      for (WinoBiasSentence s : p.sentences()) {
        WinoBiasSentence pair =
            s.number() == null ? null : byKey.get(key(other, p.type(), p.split(), s.number()));
        String known = pair == null ? null : pair.pronoun();
        items.add(
            new WinoBiasItem(
                p.file().getFileName().toString(),
                p.type(),
                p.condition(),
                p.split(),
                s,
                Pronouns.flip(s.pronoun(), s.nextWord(), known)));
      }
    }
    if (items.isEmpty()) {
      throw new StepIndexException("no WinoBias sentence in " + paths);
    }
    return items;
  }

  private static String key(String condition, int type, String split, int number) {
    return condition + "/" + type + "/" + split + "/" + number;
  }

  private static List<Path> expand(Path path) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new StepIndexException("no such WinoBias file or directory: " + path);
    }
    try (Stream<Path> list = Files.list(path)) {
      List<Path> files =
          list.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
      if (files.isEmpty()) {
        throw new StepIndexException(
            "no WinoBias file ((pro|anti)_stereotyped_type(1|2).txt[.dev|.test]) in " + path);
      }
      return files;
    } catch (IOException e) {
      throw new StepIndexException("cannot list " + path + ": " + e.getMessage(), e);
    }
  }

  private static List<WinoBiasSentence> sentences(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StepIndexException("cannot read " + file + ": " + e.getMessage(), e);
    }
    List<WinoBiasSentence> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        out.add(WinoBiasSentence.parse(lines.get(i)));
      } catch (IllegalArgumentException e) {
        throw new StepIndexException(file + ":" + (i + 1) + ": " + e.getMessage());
      }
    }
    return out;
  }
}
