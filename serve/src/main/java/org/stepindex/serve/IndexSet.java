package org.stepindex.serve;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.query.FrequencyIndex;

/**
 * The open indexes a server answers for, by name; the first is the default when a request names
 * none.
 */
public final class IndexSet implements AutoCloseable {
  private final Map<String, FrequencyIndex> byName;

  private IndexSet(Map<String, FrequencyIndex> byName) {
    this.byName = byName;
  }

  /**
   * Opens each {@code [NAME=]DIR} (a bare DIR is named after its last path element). A duplicate
   * name, or an index that does not open, is a user error; what was opened is closed again.
   */
  public static IndexSet open(List<String> specs) {
    if (specs.isEmpty()) {
      throw new StepIndexException("give at least one --index DIR");
    }
    Map<String, FrequencyIndex> opened = new LinkedHashMap<>();
    try {
      for (String spec : specs) {
        int eq = spec.indexOf('=');
        Path dir = Path.of(eq < 0 ? spec : spec.substring(eq + 1));
        String name = eq < 0 ? nameOf(dir) : spec.substring(0, eq);
        if (!name.matches("[A-Za-z0-9._-]+")) {
          throw new StepIndexException(
              "index name '"
                  + name
                  + "' (from --index "
                  + spec
                  + ") may hold only letters, digits, '.', '_' and '-';"
                  + " name it: --index NAME=DIR");
        }
        if (opened.containsKey(name)) {
          throw new StepIndexException(
              "two indexes are named '" + name + "'; name them: --index NAME=DIR");
        }
        opened.put(name, FrequencyIndex.open(dir));
      }
    } catch (RuntimeException e) {
      opened.values().forEach(FrequencyIndex::close);
      throw e;
    }
    return new IndexSet(opened);
  }

  private static String nameOf(Path dir) {
    Path name = dir.toAbsolutePath().normalize().getFileName();
    return name == null ? "index" : name.toString();
  }

  /** The index named {@code name}, or the default for null; an unknown name is a 404. */
  FrequencyIndex get(String name) {
    if (name == null) {
      return byName.values().iterator().next();
    }
    FrequencyIndex index = byName.get(name);
    if (index == null) {
      throw HttpError.notFound(
          "no index named '" + name + "' (serving " + String.join(", ", byName.keySet()) + ")");
    }
    return index;
  }

  /** The names, in the order given; the first is the default. */
  public List<String> names() {
    return new ArrayList<>(byName.keySet());
  }

  /** The index directory of {@code name}. */
  public Path dir(String name) {
    return get(name).dir();
  }

  @Override
  public void close() {
    byName.values().forEach(FrequencyIndex::close);
  }
}
