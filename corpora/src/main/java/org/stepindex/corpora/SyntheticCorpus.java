package org.stepindex.corpora;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.MegatronWriter;
import org.stepindex.indexer.data.TokenDType;
import org.stepindex.indexer.layout.CheckpointSchedule;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;

/**
 * Writes a synthetic corpus in Pythia's format: {@code document.bin}/{@code document.idx} (uint16
 * tokens, packed into fixed-length sequences with {@code <|endoftext|>} between documents), a real
 * byte-level BPE {@code tokenizer.json} in which every word of the corpus is one token, and {@code
 * planted.json}, the exact counts of a few planted terms at every checkpoint.
 *
 * <p>The text is Zipfian filler (pseudo-words plus English function words), arithmetic statements
 * such as "12 plus 7 is 19" whose first operand is Zipfian, and planted terms that do not occur
 * before a chosen step. The truth in {@code planted.json} is counted on the token ids of each
 * finished sequence, independently of the index.
 */
public final class SyntheticCorpus {
  /** Base name of the data files. */
  public static final String DATA_NAME = "document";

  /** File name of the tokenizer. */
  public static final String TOKENIZER_FILE = "tokenizer.json";

  /** File name of the planted-term truth. */
  public static final String PLANTED_FILE = "planted.json";

  private static final int END_OF_TEXT = 0;
  private static final String[] FUNCTION_WORDS = {
    "the", "of", "and", "to", "in", "a", "was", "for", "on", "with", "as", "by", "at", "from",
    "that", "this", "it", "they", "he", "she", "his", "her", "him", "himself", "herself", "we",
    "not", "or", "but", "which"
  };
  private static final String[] STARTERS = {"The", "It", "He", "She", "They", "This", "We", "In"};
  private static final String[] SYLLABLES = {
    "ba", "ko", "ri", "zu", "men", "tal", "dor", "fi", "ga", "lun", "mi", "nor", "pe", "qua", "sel",
    "tor", "vi", "wen", "xa", "yor"
  };

  /** A planted term: its words, and the fraction of the steps before it first appears. */
  private record Plant(String[] words, double startFraction, double perSentence) {}

  private static final List<Plant> PLANTS =
      List.of(
          new Plant(new String[] {"galaxy"}, 0.0, 0.02),
          new Plant(new String[] {"zorblax"}, 0.125, 0.05),
          new Plant(new String[] {"quasar", "nebula"}, 0.25, 0.04),
          new Plant(new String[] {"vorpal"}, 0.5, 0.08));

  private SyntheticCorpus() {}

  /**
   * What was written.
   *
   * @param dir the output directory
   * @param dataPrefix the dataset prefix ({@code dir/document})
   * @param tokenizer the tokenizer file
   * @param planted the planted terms with their truth
   */
  public record Result(Path dir, Path dataPrefix, Path tokenizer, List<PlantedTerm> planted) {}

  /**
   * Writes a corpus into {@code dir} (created if needed). The same options always give the same
   * bytes.
   */
  public static Result write(Path dir, SynthOptions options) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StepIndexException("cannot create " + dir + ": " + e.getMessage());
    }
    Vocabulary vocab = Vocabulary.build(dir.resolve(TOKENIZER_FILE));
    Generator generator = new Generator(vocab, options);
    Path prefix = dir.resolve(DATA_NAME);
    try (MegatronWriter writer = MegatronWriter.create(prefix, TokenDType.UINT16)) {
      generator.run(writer);
    }
    List<PlantedTerm> planted = generator.truth();
    try {
      AtomicFiles.write(dir.resolve(PLANTED_FILE), Json.pretty().writeValueAsBytes(planted));
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot write " + dir.resolve(PLANTED_FILE) + ": " + e.getMessage());
    }
    return new Result(dir, prefix, dir.resolve(TOKENIZER_FILE), planted);
  }

  /**
   * The filler words of every corpus, most frequent first (their Zipf rank order): English function
   * words, then two-syllable pseudo-words. For benchmarks that need names made of corpus words.
   */
  public static List<String> fillerWords() {
    LinkedHashSet<String> fillers = new LinkedHashSet<>(Arrays.asList(FUNCTION_WORDS));
    for (String a : SYLLABLES) {
      for (String b : SYLLABLES) {
        fillers.add(a + b);
      }
    }
    return List.copyOf(fillers);
  }

  /** The corpus's words and their token ids (each word and " " + word is one token). */
  private record Vocabulary(Map<String, Integer> ids, String[] fillers, Zipf fillerZipf) {
    static Vocabulary build(Path tokenizerFile) {
      List<String> fillers = fillerWords();
      List<String> words = new ArrayList<>(fillers);
      words.addAll(Arrays.asList(STARTERS));
      for (int n = 0; n < 200; n++) {
        words.add(Integer.toString(n));
      }
      words.addAll(List.of("plus", "is", ".", ","));
      for (Plant plant : PLANTS) {
        words.addAll(Arrays.asList(plant.words()));
      }
      Map<String, Integer> ids = ByteLevelBpeWriter.write(tokenizerFile, words);
      String[] fillerArray = fillers.toArray(String[]::new);
      return new Vocabulary(ids, fillerArray, new Zipf(fillerArray.length, 1.1));
    }

    int spaced(String word) {
      return ids.get(" " + word);
    }

    int bare(String word) {
      return ids.get(word);
    }
  }

  /**
   * Emits documents into fixed-length sequences and counts the planted terms in each finished
   * sequence.
   */
  private static final class Generator {
    private final Vocabulary vocab;
    private final SynthOptions options;
    private final SplittableRandom random;
    private final Zipf operand = new Zipf(100, 1.2);
    private final int[][] plantIds;
    private final long[] plantStart;
    private final long[][] stepSequences;
    private final long[][] stepOccurrences;
    private SequencePacker packer;

    Generator(Vocabulary vocab, SynthOptions options) {
      this.vocab = vocab;
      this.options = options;
      this.random = new SplittableRandom(options.seed());
      int steps = Math.toIntExact(options.steps());
      plantIds = new int[PLANTS.size()][];
      plantStart = new long[PLANTS.size()];
      stepSequences = new long[PLANTS.size()][steps];
      stepOccurrences = new long[PLANTS.size()][steps];
      for (int p = 0; p < PLANTS.size(); p++) {
        String[] words = PLANTS.get(p).words();
        plantIds[p] = Arrays.stream(words).mapToInt(vocab::spaced).toArray();
        plantStart[p] = (long) Math.floor(PLANTS.get(p).startFraction() * steps);
      }
    }

    void run(MegatronWriter out) {
      packer = new SequencePacker(out, options.seqLength(), options.sequences(), this::countPlants);
      while (!packer.full()) {
        document();
      }
    }

    private long currentStep() {
      return packer.written() / options.batchSize();
    }

    private void document() {
      int sentences = 2 + random.nextInt(12);
      for (int s = 0; s < sentences && !packer.full(); s++) {
        String starter = STARTERS[random.nextInt(STARTERS.length)];
        emit(s == 0 ? vocab.bare(starter) : vocab.spaced(starter));
        if (random.nextDouble() < 0.2) {
          arithmetic();
        } else {
          int length = 4 + random.nextInt(12);
          for (int w = 0; w < length; w++) {
            emit(vocab.spaced(vocab.fillers()[vocab.fillerZipf().sample(random)]));
            maybePlant();
          }
        }
        emit(vocab.bare("."));
      }
      emit(END_OF_TEXT);
    }

    private void arithmetic() {
      int x = operand.sample(random);
      int y = 1 + random.nextInt(50);
      emit(vocab.spaced(Integer.toString(x)));
      emit(vocab.spaced("plus"));
      emit(vocab.spaced(Integer.toString(y)));
      emit(vocab.spaced("is"));
      emit(vocab.spaced(Integer.toString(x + y)));
    }

    private void maybePlant() {
      long step = currentStep();
      for (int p = 0; p < PLANTS.size(); p++) {
        if (step >= plantStart[p] && random.nextDouble() < PLANTS.get(p).perSentence() / 8) {
          for (int id : plantIds[p]) {
            emit(id);
          }
        }
      }
    }

    private void emit(int id) {
      packer.emit(id);
    }

    private void countPlants(long index, int[] sequence) {
      int step = (int) (index / options.batchSize());
      for (int p = 0; p < plantIds.length; p++) {
        int n = occurrences(sequence, plantIds[p]);
        if (n > 0) {
          stepSequences[p][step]++;
          stepOccurrences[p][step] += n;
        }
      }
    }

    private static int occurrences(int[] haystack, int[] needle) {
      int count = 0;
      for (int i = 0; i + needle.length <= haystack.length; i++) {
        int k = 0;
        while (k < needle.length && haystack[i + k] == needle[k]) {
          k++;
        }
        if (k == needle.length) {
          count++;
        }
      }
      return count;
    }

    List<PlantedTerm> truth() {
      long steps = options.steps();
      long[] at = CheckpointSchedule.parse("pythia").boundariesUpTo(steps);
      List<PlantedTerm> result = new ArrayList<>();
      for (int p = 0; p < PLANTS.size(); p++) {
        String[] words = PLANTS.get(p).words();
        String text = words.length == 1 ? words[0] : "\"" + String.join(" ", words) + "\"";
        long[] seqs = new long[at.length];
        long[] occs = new long[at.length];
        long first = -1;
        long cumSeq = 0;
        long cumOcc = 0;
        int next = 0;
        for (int step = 0; step <= steps; step++) {
          while (next < at.length && at[next] == step) {
            seqs[next] = cumSeq;
            occs[next] = cumOcc;
            next++;
          }
          if (step < steps) {
            if (first < 0 && stepSequences[p][step] > 0) {
              first = step;
            }
            cumSeq += stepSequences[p][step];
            cumOcc += stepOccurrences[p][step];
          }
        }
        result.add(new PlantedTerm(text, first, at, seqs, occs));
      }
      return result;
    }
  }
}
