package org.stepindex.indexer.order;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.NpyType;

/**
 * The order a user asks for, before anything is opened: its kind, the data and the map files.
 * {@link #of} checks that the options fit the kind; {@link #open} opens and validates the files.
 *
 * @param kind the order's kind
 * @param data the data: one Megatron dataset (prefix, {@code .idx} or directory) for {@code
 *     pre-shuffled} and {@code megatron}, the token files in order for {@code olmo}
 * @param maps the map files, in the order of {@link #roles()}
 * @param dtype the token files' element type where they have no header ({@code olmo} only; null
 *     otherwise or to require headers)
 * @param dataPath the data as {@code --data} takes it, paths made absolute: what the manifest
 *     records as the data's path and the commands stepindex prints give again
 */
public record OrderSpec(
    Kind kind, List<Path> data, List<Path> maps, NpyType dtype, String dataPath) {

  /** The kinds of order. */
  public enum Kind {
    /**
     * A pre-shuffled dataset read in its own order (Pythia's published files), {@link
     * PreShuffledOrder}.
     */
    PRESHUFFLED("pre-shuffled", List.of()),
    /** GPT-NeoX's maps over an unshuffled dataset, {@link MegatronOrder}. */
    MEGATRON("megatron", MegatronOrder.ROLES),
    /** OLMo's token files and global indices, {@link OlmoOrder}. */
    OLMO("olmo", List.of(OlmoOrder.ROLE));

    private final String label;
    private final List<String> roles;

    Kind(String label, List<String> roles) {
      this.label = label;
      this.roles = roles;
    }

    /** Returns the name the command line and the manifest use. */
    public String label() {
      return label;
    }

    /**
     * Returns the kind the command line names.
     *
     * @throws StepIndexException for an unknown name
     */
    public static Kind parse(String label) {
      for (Kind kind : values()) {
        if (kind.label.equals(label.toLowerCase(Locale.ROOT))) {
          return kind;
        }
      }
      throw new StepIndexException(
          "unknown --order '" + label + "'; give pre-shuffled, megatron or olmo");
    }
  }

  public OrderSpec {
    data = List.copyOf(data);
    maps = List.copyOf(maps);
  }

  /** The order stepindex has always read: the pre-shuffled dataset {@code data}. */
  public static OrderSpec preShuffled(Path data) {
    return new OrderSpec(
        Kind.PRESHUFFLED, List.of(data), List.of(), null, data.toAbsolutePath().toString());
  }

  /**
   * The order the command line describes, its options checked against the kind.
   *
   * @param kind {@code pre-shuffled} (or null), {@code megatron} or {@code olmo}
   * @param data the {@code --data} values: one path, or for {@code olmo} token files (a comma list
   *     or a {@code .txt} file listing one a line, in the training config's order)
   * @param docIdx {@code --doc-idx}, megatron only
   * @param sampleIdx {@code --sample-idx}, megatron only
   * @param shuffleIdx {@code --shuffle-idx}, megatron only
   * @param globalIndices {@code --global-indices}, olmo only
   * @param dtype {@code --dtype}, olmo only
   * @throws StepIndexException naming the option that is missing or does not belong to the kind
   */
  public static OrderSpec of(
      String kind,
      String data,
      Path docIdx,
      Path sampleIdx,
      Path shuffleIdx,
      Path globalIndices,
      String dtype) {
    Kind k = kind == null ? Kind.PRESHUFFLED : Kind.parse(kind);
    List<Path> megatronMaps = new ArrayList<>();
    for (Path map : new Path[] {docIdx, sampleIdx, shuffleIdx}) {
      if (map != null) {
        megatronMaps.add(map);
      }
    }
    if (k != Kind.MEGATRON && !megatronMaps.isEmpty()) {
      throw new StepIndexException(
          "--doc-idx, --sample-idx and --shuffle-idx are GPT-NeoX's maps; give them with"
              + " --order megatron");
    }
    if (k != Kind.OLMO && (globalIndices != null || dtype != null)) {
      throw new StepIndexException(
          "--global-indices and --dtype describe an OLMo run; give them with --order olmo");
    }
    if (data == null) {
      throw new StepIndexException("give --data PATH");
    }
    return switch (k) {
      case PRESHUFFLED -> preShuffled(Path.of(data));
      case MEGATRON -> {
        if (megatronMaps.size() != 3) {
          throw new StepIndexException(
              "--order megatron needs --doc-idx, --sample-idx and --shuffle-idx (the"
                  + " run's *_doc_idx.npy, *_sample_idx.npy and *_shuffle_idx.npy) and --data, the unshuffled dataset");
        }
        yield new OrderSpec(
            k,
            List.of(Path.of(data)),
            megatronMaps,
            null,
            Path.of(data).toAbsolutePath().toString());
      }
      case OLMO -> {
        if (globalIndices == null) {
          throw new StepIndexException(
              "--order olmo needs --global-indices FILE (the run's global_indices.npy)");
        }
        List<Path> files = tokenFiles(data);
        String path =
            data.endsWith(".txt")
                ? Path.of(data).toAbsolutePath().toString()
                : String.join(",", files.stream().map(f -> f.toAbsolutePath().toString()).toList());
        yield new OrderSpec(
            k, files, List.of(globalIndices), dtype == null ? null : NpyType.fromName(dtype), path);
      }
    };
  }

  /**
   * OLMo's token files: a comma list, or a {@code .txt} file of one path a line (relative to the
   * list's folder).
   */
  private static List<Path> tokenFiles(String data) {
    List<Path> files = new ArrayList<>();
    if (data.endsWith(".txt")) {
      Path list = Path.of(data);
      try {
        for (String line : Files.readAllLines(list)) {
          String path = line.strip();
          if (!path.isEmpty() && !path.startsWith("#")) {
            Path file = Path.of(path);
            files.add(
                file.isAbsolute() || list.getParent() == null
                    ? file
                    : list.getParent().resolve(file));
          }
        }
      } catch (java.io.IOException e) {
        throw new StepIndexException(
            "cannot read the token file list " + data + ": " + e.getMessage());
      }
    } else {
      for (String path : data.split(",")) {
        if (!path.isBlank()) {
          files.add(Path.of(path.strip()));
        }
      }
    }
    return files;
  }

  /**
   * The order a manifest records, over the data it records (or {@code data} where given, for data
   * that moved); the maps are looked for where the manifest says they were.
   *
   * @param recorded the manifest's order; null for pre-shuffled
   * @param data the dataset, for pre-shuffled and megatron
   */
  public static OrderSpec recorded(RecordedOrder recorded, Path data) {
    if (recorded == null) {
      return preShuffled(data);
    }
    Kind kind = Kind.parse(recorded.kind());
    List<Path> maps = recorded.maps().stream().map(m -> Path.of(m.path())).toList();
    return switch (kind) {
      case PRESHUFFLED -> preShuffled(data);
      case MEGATRON ->
          new OrderSpec(kind, List.of(data), maps, null, data.toAbsolutePath().toString());
      case OLMO ->
          new OrderSpec(
              kind,
              recorded.dataFiles().stream().map(Path::of).toList(),
              maps,
              NpyType.fromName(recorded.dtype()),
              String.join(",", recorded.dataFiles()));
    };
  }

  /** Returns the roles of the maps: their option names without dashes. */
  public List<String> roles() {
    return kind.roles;
  }

  /**
   * Opens and validates the order.
   *
   * @param seqLength tokens per training sequence ({@code --seq-length}): GPT-NeoX's {@code
   *     seq_length + 1}, OLMo's instance length; the pre-shuffled order checks it where it builds
   * @throws StepIndexException for any missing or invalid file, in one line
   */
  public SequenceSource open(int seqLength) {
    return switch (kind) {
      case PRESHUFFLED -> PreShuffledOrder.open(data.getFirst());
      case MEGATRON ->
          MegatronOrder.open(data.getFirst(), maps.get(0), maps.get(1), maps.get(2), seqLength);
      case OLMO -> OlmoOrder.open(data, maps.getFirst(), dtype, seqLength);
    };
  }
}
