package org.stepindex.corpora;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.stepindex.indexer.base.AtomicFiles;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.data.MegatronWriter;
import org.stepindex.indexer.data.TokenDType;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * Writes the corpus of the "mini-Pythia in minutes" study: training data in Pythia's format whose
 * text makes the Pythia paper's effects learnable by a tiny model in minutes, with the evaluation
 * files that measure them.
 *
 * <p>Files in the output directory:
 *
 * <ul>
 *   <li>{@code document.bin}/{@code document.idx}: uint16 tokens packed into fixed-length
 *       sequences, documents separated by {@code <|endoftext|>} (id 0), as Pythia's pre-shuffled
 *       data;
 *   <li>{@code tokenizer.json}: a real byte-level BPE tokenizer in which every word of the corpus
 *       and of the eval files is one token, bare and after a space; newlines are the byte token for
 *       {@code "\n"};
 *   <li>{@code questions.jsonl}, {@code shots.jsonl}: TriviaQA JSON Lines about the invented
 *       entities, the evaluated questions and the few-shot examples (different entities, whose
 *       facts are in the corpus too);
 *   <li>{@code entities.jsonl}: {@code {"id", "entities": [name]}} per evaluated question, for the
 *       correlation;
 *   <li>{@code crows_pairs.csv} and {@code winobias/{pro,anti}_stereotyped_type1.txt.test}: bias
 *       evaluations in CrowS-Pairs' and WinoBias's formats, from the corpus's own occupations and
 *       templates;
 *   <li>{@code study.json}: the options, vocabulary sizes, file names, and documents and tokens by
 *       kind.
 * </ul>
 *
 * <p>Three kinds of document, drawn independently with the options' shares:
 *
 * <ul>
 *   <li><b>arithmetic</b>: 2 to 8 lines {@code Q:What is 12 plus 7? A: 19} joined by {@code
 *       "\n\n"}, exactly the few-shot prompt of the eval's Pythia template, first operand by Zipf
 *       rank, second operand uniform;
 *   <li><b>facts</b>: 2 to 6 items joined by {@code "\n\n"}, each a statement {@code The capital of
 *       Zorbia is Quelmar.} or a question {@code Q:What is the capital of Zorbia? A: Quelmar} (the
 *       TriviaQA Pythia template), entity by Zipf rank;
 *   <li><b>gendered</b>: a paragraph of ordinary sentences about people at work whose pronouns lean
 *       to their occupation's stereotyped gender (see {@link GenderedText}).
 * </ul>
 *
 * How often each operand and entity occurs by any step is not stored: the index counts it exactly.
 */
public final class StudyCorpus {
  /** Base name of the data files. */
  public static final String DATA_NAME = "document";

  /** File name of the tokenizer. */
  public static final String TOKENIZER_FILE = "tokenizer.json";

  /** File name of the evaluated questions. */
  public static final String QUESTIONS_FILE = "questions.jsonl";

  /** File name of the few-shot questions. */
  public static final String SHOTS_FILE = "shots.jsonl";

  /** File name of the question entities. */
  public static final String ENTITIES_FILE = "entities.jsonl";

  /** File name of the CrowS-Pairs-style pairs. */
  public static final String CROWS_PAIRS_FILE = "crows_pairs.csv";

  /** Directory of the WinoBias-style files. */
  public static final String WINOBIAS_DIR = "winobias";

  /** File name of the description. */
  public static final String STUDY_FILE = "study.json";

  private static final int END_OF_TEXT = 0;

  /** The kinds of document, in the order of {@code study.json}'s tallies. */
  private enum Kind {
    ARITHMETIC,
    FACTS,
    GENDERED
  }

  private StudyCorpus() {}

  /**
   * What was written.
   *
   * @param dir the output directory
   * @param dataPrefix the dataset prefix ({@code dir/document})
   * @param tokenizer the tokenizer file
   * @param questions the evaluated TriviaQA-style questions
   * @param shots the few-shot questions
   * @param entities the entity file of the evaluated questions
   * @param crowsPairs the CrowS-Pairs-style CSV
   * @param winobiasDir the directory of the WinoBias-style files
   * @param study the description
   * @param tokens tokens written (sequences × sequence length)
   */
  public record Result(
      Path dir,
      Path dataPrefix,
      Path tokenizer,
      Path questions,
      Path shots,
      Path entities,
      Path crowsPairs,
      Path winobiasDir,
      Path study,
      long tokens) {}

  /**
   * Writes the corpus and its files into {@code dir} (created if needed). The same options always
   * give the same bytes.
   *
   * @throws StepIndexException when a file cannot be written
   */
  public static Result write(Path dir, StudyOptions options) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StepIndexException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    SplittableRandom root = new SplittableRandom(options.seed());
    // Names come from their own stream, so the same seed names the same entities at any corpus
    // size.
    EntityFacts facts = EntityFacts.invent(options.facts(), root.split());
    SplittableRandom text = root.split();

    List<String> words = new ArrayList<>(arithmeticWords(options.arithmetic()));
    words.addAll(facts.words());
    words.addAll(GenderedText.words());
    Path tokenizer = dir.resolve(TOKENIZER_FILE);
    Map<String, Integer> ids = ByteLevelBpeWriter.write(tokenizer, words);
    int vocabSize;
    int newline;
    try (HfTokenizer hf = HfTokenizer.load(tokenizer)) {
      vocabSize = hf.vocabSize();
      // The Hugging Face tokenizer itself says which id "\n" is, so the corpus's newlines are what
      // prompts encode to.
      int[] encoded = hf.encode("\n");
      if (encoded.length != 1) {
        throw new IllegalStateException("a newline is not one token of " + tokenizer);
      }
      newline = encoded[0];
    }

    Generator generator = new Generator(options, new WordEncoder(ids, newline), facts, text);
    Path prefix = dir.resolve(DATA_NAME);
    try (MegatronWriter writer = MegatronWriter.create(prefix, TokenDType.UINT16)) {
      generator.run(writer);
    }

    facts.writeFiles(
        dir.resolve(QUESTIONS_FILE), dir.resolve(SHOTS_FILE), dir.resolve(ENTITIES_FILE));
    GenderedText.writeCrowsPairs(dir.resolve(CROWS_PAIRS_FILE));
    GenderedText.writeWinoBias(dir.resolve(WINOBIAS_DIR));
    Path study = dir.resolve(STUDY_FILE);
    writeStudy(study, options, vocabSize, new LinkedHashSet<>(words).size(), facts, generator);
    return new Result(
        dir,
        prefix,
        tokenizer,
        dir.resolve(QUESTIONS_FILE),
        dir.resolve(SHOTS_FILE),
        dir.resolve(ENTITIES_FILE),
        dir.resolve(CROWS_PAIRS_FILE),
        dir.resolve(WINOBIAS_DIR),
        study,
        options.sequences() * options.seqLength());
  }

  private static List<String> arithmeticWords(StudyOptions.Arithmetic a) {
    List<String> words = new ArrayList<>(List.of("Q", ":", "What", "is", "plus", "?", "A"));
    if (a.times()) {
      words.add("times");
    }
    for (int n = 0; n <= Math.max(a.largestAnswer(), Math.max(a.x1Max(), a.x2Max())); n++) {
      words.add(Integer.toString(n));
    }
    return words;
  }

  private static void writeStudy(
      Path file,
      StudyOptions options,
      int vocabSize,
      int words,
      EntityFacts facts,
      Generator generator) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.set("options", Json.mapper().valueToTree(options));
    root.put("steps", options.steps());
    root.put("tokens", options.sequences() * options.seqLength());
    ObjectNode vocab = root.putObject("vocabulary");
    vocab.put("tokenizerSize", vocabSize);
    vocab.put("words", words);
    vocab.put("entities", options.facts().entities());
    vocab.put("shotEntities", options.facts().shotEntities());
    vocab.put("maleOccupations", GenderedText.MALE_OCCUPATIONS.size());
    vocab.put("femaleOccupations", GenderedText.FEMALE_OCCUPATIONS.size());
    ObjectNode files = root.putObject("files");
    files.put("data", DATA_NAME);
    files.put("tokenizer", TOKENIZER_FILE);
    files.put("questions", QUESTIONS_FILE);
    files.put("shots", SHOTS_FILE);
    files.put("entities", ENTITIES_FILE);
    files.put("crowsPairs", CROWS_PAIRS_FILE);
    files.put("winobiasPro", WINOBIAS_DIR + "/" + GenderedText.WINOBIAS_PRO);
    files.put("winobiasAnti", WINOBIAS_DIR + "/" + GenderedText.WINOBIAS_ANTI);
    ObjectNode documents = root.putObject("documents");
    ObjectNode tokens = root.putObject("tokensByKind");
    for (Kind kind : Kind.values()) {
      String name = kind.name().toLowerCase(Locale.ROOT);
      documents.put(name, generator.documents[kind.ordinal()]);
      tokens.put(name, generator.tokens[kind.ordinal()]);
    }
    tokens.put("endOfText", generator.endOfText);
    var ranks = root.putArray("facts");
    for (EntityFacts.Fact f : facts.facts()) {
      ranks
          .addObject()
          .put("rank", f.rank() + 1)
          .put("id", f.id())
          .put("entity", f.entity())
          .put("value", f.value())
          .put("shot", f.shot());
    }
    try {
      AtomicFiles.write(file, Json.pretty().writeValueAsBytes(root));
    } catch (IOException e) {
      throw new StepIndexException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Draws documents and packs their tokens into sequences, tallying documents and tokens by kind.
   */
  private static final class Generator {
    private final StudyOptions options;
    private final WordEncoder encoder;
    private final EntityFacts facts;
    private final GenderedText gendered;
    private final SplittableRandom random;
    private final Zipf operand;
    private final long[] documents = new long[Kind.values().length];
    private final long[] tokens = new long[Kind.values().length];
    private long endOfText;
    private SequencePacker packer;

    Generator(
        StudyOptions options, WordEncoder encoder, EntityFacts facts, SplittableRandom random) {
      this.options = options;
      this.encoder = encoder;
      this.facts = facts;
      this.gendered = new GenderedText(options.gendered());
      this.random = random;
      StudyOptions.Arithmetic a = options.arithmetic();
      this.operand = new Zipf(a.x1Max() - a.x1Min() + 1, a.exponent());
    }

    void run(MegatronWriter writer) {
      packer =
          new SequencePacker(
              writer, options.seqLength(), options.sequences(), (index, sequence) -> {});
      while (!packer.full()) {
        double u = random.nextDouble();
        Kind kind =
            u < options.arithmetic().share()
                ? Kind.ARITHMETIC
                : u < options.arithmetic().share() + options.facts().share()
                    ? Kind.FACTS
                    : Kind.GENDERED;
        String document =
            switch (kind) {
              case ARITHMETIC -> arithmetic();
              case FACTS -> facts();
              case GENDERED -> gendered.document(random);
            };
        documents[kind.ordinal()]++;
        encoder.encode(document, id -> emit(kind, id));
        if (!packer.full()) {
          endOfText++;
          packer.emit(END_OF_TEXT);
        }
      }
    }

    private void emit(Kind kind, int id) {
      if (!packer.full()) {
        tokens[kind.ordinal()]++;
        packer.emit(id);
      }
    }

    private String arithmetic() {
      StudyOptions.Arithmetic a = options.arithmetic();
      int lines = 2 + random.nextInt(7);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < lines; i++) {
        int x1 = a.x1Min() + operand.sample(random);
        int x2 = a.x2Min() + random.nextInt(a.x2Max() - a.x2Min() + 1);
        boolean times = a.times() && random.nextBoolean();
        if (i > 0) {
          text.append("\n\n");
        }
        text.append("Q:What is ")
            .append(x1)
            .append(times ? " times " : " plus ")
            .append(x2)
            .append("? A: ")
            .append(times ? x1 * x2 : x1 + x2);
      }
      return text.toString();
    }

    private String facts() {
      int items = 2 + random.nextInt(5);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < items; i++) {
        EntityFacts.Fact fact = facts.draw(random);
        if (i > 0) {
          text.append("\n\n");
        }
        text.append(random.nextBoolean() ? fact.statement() : fact.questionAnswer());
      }
      return text.toString();
    }
  }
}
