package org.stepindex.indexer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The files that make up one Megatron dataset on disk: its {@code .idx}, and its {@code .bin}
 * either whole or as Hugging Face byte-range shards {@code name-NNNNN-of-MMMMM.bin}, where MMMMM is
 * the index of the last shard.
 *
 * @param idx the {@code .idx} file
 * @param bins the files whose concatenation, in order, is the {@code .bin}
 */
record DatasetFiles(Path idx, List<Path> bins) {

  private static final String IDX = ".idx";
  private static final String BIN = ".bin";

  DatasetFiles {
    bins = List.copyOf(bins);
  }

  /**
   * Finds the dataset that {@code path} names: a prefix ({@code dir/document}), the {@code .idx} or
   * {@code .bin} itself, or a directory holding {@code document.idx} or exactly one other {@code
   * .idx}.
   *
   * @throws StepIndexException if the files are not there or the shard series is incomplete
   */
  static DatasetFiles locate(Path path) {
    Path idx = Files.isDirectory(path) ? idxInDirectory(path) : idxForPrefixOrFile(path);
    if (!Files.isRegularFile(idx)) {
      throw new StepIndexException(
          "no Megatron index at "
              + idx
              + "; pass a dataset prefix (dir/document), its .idx file, or the directory holding it");
    }
    String name = stripSuffix(idx.getFileName().toString(), IDX);
    Path dir = idx.toAbsolutePath().getParent();
    return new DatasetFiles(idx, bins(dir, name));
  }

  private static Path idxForPrefixOrFile(Path path) {
    String file = path.getFileName() == null ? "" : path.getFileName().toString();
    if (file.endsWith(IDX)) {
      return path;
    }
    String prefix = file.endsWith(BIN) ? stripSuffix(file, BIN) : file;
    return path.resolveSibling(prefix + IDX);
  }

  private static Path idxInDirectory(Path dir) {
    Path document = dir.resolve("document" + IDX);
    if (Files.isRegularFile(document)) {
      return document;
    }
    List<Path> found =
        list(dir, p -> p.getFileName().toString().endsWith(IDX) && Files.isRegularFile(p));
    if (found.size() == 1) {
      return found.getFirst();
    }
    if (found.isEmpty()) {
      throw new StepIndexException(
          "no .idx file in directory " + dir + "; pass the directory holding the Megatron dataset");
    }
    throw new StepIndexException(
        "several .idx files in directory "
            + dir
            + " "
            + names(found)
            + "; pass the one to use (its path or prefix)");
  }

  /** The whole {@code name.bin} if there is one, else the complete series of its shards. */
  private static List<Path> bins(Path dir, String name) {
    Path whole = dir.resolve(name + BIN);
    if (Files.isRegularFile(whole)) {
      return List.of(whole);
    }
    Pattern shardName =
        Pattern.compile(Pattern.quote(name) + "-(\\d{5})-of-(\\d{5})" + Pattern.quote(BIN));
    TreeMap<Integer, Path> shards = new TreeMap<>();
    int last = -1;
    for (Path p : list(dir, p -> shardName.matcher(p.getFileName().toString()).matches())) {
      Matcher m = shardName.matcher(p.getFileName().toString());
      m.matches();
      int of = Integer.parseInt(m.group(2));
      if (last >= 0 && of != last) {
        throw new StepIndexException(
            "shards of "
                + name
                + " in "
                + dir
                + " disagree on their count (-of-"
                + m.group(2)
                + " and -of-"
                + String.format("%05d", last)
                + "); remove the shards of the other series");
      }
      last = of;
      shards.put(Integer.parseInt(m.group(1)), p);
    }
    if (shards.isEmpty()) {
      throw new StepIndexException(
          "no token data for "
              + dir.resolve(name + IDX)
              + ": expected "
              + whole
              + " or shards "
              + name
              + "-00000-of-NNNNN.bin beside it");
    }
    List<Path> series = new ArrayList<>(last + 1);
    for (int i = 0; i <= last; i++) {
      Path shard = shards.remove(i);
      if (shard == null) {
        throw new StepIndexException(
            "missing shard "
                + dir.resolve(String.format("%s-%05d-of-%05d%s", name, i, last, BIN))
                + " (the series runs from 00000 to "
                + String.format("%05d", last)
                + "); download it again");
      }
      series.add(shard);
    }
    if (!shards.isEmpty()) {
      throw new StepIndexException(
          "shard "
              + shards.firstEntry().getValue()
              + " lies beyond the last shard of its series ("
              + String.format("%05d", last)
              + "); remove it");
    }
    return series;
  }

  private static List<Path> list(Path dir, Predicate<Path> filter) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(filter).sorted().toList();
    } catch (IOException e) {
      throw new StepIndexException("cannot list directory " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String names(List<Path> files) {
    return files.stream().map(p -> p.getFileName().toString()).toList().toString();
  }

  private static String stripSuffix(String s, String suffix) {
    return s.substring(0, s.length() - suffix.length());
  }
}
