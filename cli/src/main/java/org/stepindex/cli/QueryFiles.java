package org.stepindex.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.stepindex.indexer.StepIndexException;

/** Reads batch input files: one query a line, or tab-separated pairs; blank lines and {@code #} comments skipped. */
final class QueryFiles {
  private QueryFiles() {}

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .toList();
    } catch (NoSuchFileException e) {
      throw new StepIndexException(file + " does not exist");
    } catch (IOException e) {
      throw new StepIndexException("cannot read " + file + ": " + e.getMessage());
    }
  }

  static List<String[]> pairs(Path file) {
    List<String> lines = lines(file);
    return lines.stream()
        .map(
            line -> {
              String[] parts = line.split("\t");
              if (parts.length != 2) {
                throw new StepIndexException(
                    file + ": line '" + line + "' is not two tab-separated queries (A<TAB>B)");
              }
              return parts;
            })
        .toList();
  }
}
