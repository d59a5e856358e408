package org.stepindex.eval.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * A checkpoint opened for use: the model, its tokenizer, a greedy generator and a log-likelihood
 * scorer, closed together. The tokenizer is the given file, else the checkpoint's own {@code
 * tokenizer.json} (Pythia's Hugging Face checkpoints ship one).
 */
public final class ModelSession implements Completer, AutoCloseable {
  private final GptNeoX model;
  private final HfTokenizer tokenizer;
  private final GreedyGenerator generator;
  private final LogLikelihood scorer;

  private ModelSession(GptNeoX model, HfTokenizer tokenizer, int batchSize) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.generator = new GreedyGenerator(model, tokenizer, batchSize);
    this.scorer = new LogLikelihood(model, tokenizer);
  }

  /**
   * Opens the checkpoint in {@code dir}.
   *
   * @param dir a Hugging Face GPT-NeoX checkpoint directory
   * @param tokenizerFile the tokenizer, or null for {@code dir/tokenizer.json}
   * @param device where to run
   * @param dtype the compute type
   * @param batchSize prompts generated together
   */
  public static ModelSession open(
      Path dir, Path tokenizerFile, Device device, DataType dtype, int batchSize) {
    Path tokenizerPath = tokenizerFile != null ? tokenizerFile : dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(tokenizerPath)) {
      throw new StepIndexException(
          "no tokenizer at "
              + tokenizerPath
              + "; pass --tokenizer FILE (the suite's tokenizer.json)");
    }
    HfTokenizer tokenizer = HfTokenizer.load(tokenizerPath);
    try {
      GptNeoX model = GptNeoX.load(dir, device, dtype);
      if (model.config().vocabSize() < tokenizer.vocabSize()) {
        model.close();
        throw new StepIndexException(
            "the model at "
                + dir
                + " has "
                + model.config().vocabSize()
                + " embedding rows but the tokenizer "
                + tokenizerPath
                + " has "
                + tokenizer.vocabSize()
                + " ids; is this the model's tokenizer?");
      }
      return new ModelSession(model, tokenizer, batchSize);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /** The model. */
  public GptNeoX model() {
    return model;
  }

  /** The tokenizer. */
  public HfTokenizer tokenizer() {
    return tokenizer;
  }

  /** The log-likelihood scorer. */
  public LogLikelihood scorer() {
    return scorer;
  }

  @Override
  public List<String> complete(List<String> prompts, int maxNewTokens, List<String> stopStrings) {
    return generator.complete(prompts, maxNewTokens, stopStrings);
  }

  @Override
  public void close() {
    try {
      model.close();
    } finally {
      tokenizer.close();
    }
  }
}
