package org.stepindex.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.eval.model.GptNeoXConfig;
import org.stepindex.eval.model.RandomCheckpoint;
import org.stepindex.indexer.tokenizer.ByteLevelBpeWriter;
import org.stepindex.indexer.tokenizer.HfTokenizer;

/**
 * A truncated, inconsistent or bit-flipped {@code model.safetensors} or {@code config.json} gets
 * one clear line from {@code score} and {@code eval}, naming the file, and no stack trace.
 */
class DamagedCheckpointTest {
  @TempDir static Path tmp;
  static Path intact;
  static Path crows;

  @BeforeAll
  static void setUp() throws IOException {
    Path tokenizer = tmp.resolve("tokenizer.json");
    ByteLevelBpeWriter.write(
        tokenizer, List.of("The", "doctor", "nurse", "said", "he", "she", "would", "come"));
    int vocab;
    try (HfTokenizer tok = HfTokenizer.load(tokenizer)) {
      vocab = (tok.vocabSize() + 63) / 64 * 64;
    }
    GptNeoXConfig config =
        new GptNeoXConfig(
            vocab,
            32,
            2,
            4,
            64,
            0.25,
            10000,
            128,
            1e-5,
            true,
            GptNeoXConfig.Activation.GELU_EXACT,
            true,
            false,
            0);
    intact = tmp.resolve("intact").resolve("step1");
    RandomCheckpoint.write(intact, config, 1);
    Files.copy(tokenizer, intact.resolve("tokenizer.json"));
    crows =
        Files.writeString(
            tmp.resolve("crows.csv"),
            """
        ,id,sent_more,sent_less,stereo_antistereo,bias_type
        0,1,The doctor said he would come.,The doctor said she would come.,antistereo,gender
        """);
  }

  /** A copy of the intact checkpoint as step2, so that eval takes it beside the intact step1. */
  private static Path copy(String name) throws IOException {
    Path copy = tmp.resolve(name).resolve("step2");
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(intact)) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    return copy;
  }

  private static void truncate(Path file, double keep) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength((long) (f.length() * keep));
    }
  }

  private static String score(Path model) {
    return CliRun.of("score", "--model", model.toString(), "The doctor said").userError();
  }

  @Test
  void theIntactCheckpointScores() {
    CliRun.of("score", "--model", intact.toString(), "The doctor said").ok();
  }

  @Test
  void aTruncatedModelFileIsOneLineNamingIt() throws IOException {
    Path model = copy("truncated-model");
    truncate(model.resolve("model.safetensors"), 0.5);
    String message = score(model);
    assertTrue(
        message.startsWith("not a valid safetensors file " + model.resolve("model.safetensors")),
        message);
    String eval =
        CliRun.of(
                "eval",
                "--task",
                "crows-pairs",
                "--data",
                crows.toString(),
                "--checkpoints",
                intact.toString(),
                model.toString(),
                "--out",
                tmp.resolve("eval").toString())
            .userError();
    assertTrue(eval.contains(model.resolve("model.safetensors").toString()), eval);
  }

  @Test
  void aModelFileCutInsideItsHeaderIsOneLine() throws IOException {
    Path model = copy("cut-header");
    truncate(model.resolve("model.safetensors"), 0.0001);
    assertTrue(score(model).contains("model.safetensors"));
  }

  /**
   * One bit inside a tensor's data: the file stays valid safetensors, only the checksum its writer
   * recorded tells.
   */
  @Test
  void aFlippedByteInsideATensorIsOneLineNamingFileAndTensor() throws IOException {
    Path model = copy("flipped");
    Path weights = model.resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(weights);
    long headerLength =
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
    int at = (int) (8 + headerLength + (bytes.length - 8 - headerLength) / 2);
    bytes[at] ^= 0x01;
    Files.write(weights, bytes);
    String message = score(model);
    assertTrue(
        message.startsWith("the safetensors file " + weights + " is damaged: tensor '"), message);
    String eval =
        CliRun.of(
                "eval",
                "--task",
                "crows-pairs",
                "--data",
                crows.toString(),
                "--checkpoints",
                intact.toString(),
                model.toString(),
                "--out",
                tmp.resolve("eval-flipped").toString())
            .userError();
    assertTrue(eval.contains(weights + " is damaged"), eval);
  }

  @Test
  void aTruncatedConfigIsOneLineNamingIt() throws IOException {
    Path model = copy("truncated-config");
    truncate(model.resolve("config.json"), 0.5);
    String message = score(model);
    assertTrue(
        message.startsWith("cannot read " + model.resolve("config.json") + " as JSON"), message);
  }

  @Test
  void aConfigThatDisagreesWithTheWeightsIsOneLineNamingTheTensor() throws IOException {
    Path model = copy("inconsistent");
    Path config = model.resolve("config.json");
    Files.writeString(
        config,
        Files.readString(config)
            .replace("\"hidden_size\" : 32", "\"hidden_size\" : 64")
            .replace("\"hidden_size\":32", "\"hidden_size\":64"));
    String message = score(model);
    assertTrue(message.contains("has shape"), message);
  }
}
