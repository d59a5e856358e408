package org.stepindex.eval.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.stepindex.indexer.base.Json;

/**
 * A parity fixture made by {@code eval/fixtures/make_gptneox_fixtures.py}: a checkpoint directory,
 * its input batch and the reference logits.
 */
record Fixture(
    Path dir,
    String reference,
    long[][] inputIds,
    long[][] attentionMask,
    float[] logits,
    int vocab) {

  /** Every fixture directory, the sharded copy included. */
  static final List<String> NAMES =
      List.of(
          "a-rotary025-parallel",
          "a-rotary025-parallel-sharded",
          "b-rotary1-sequential",
          "c-rotary05-base500-padded");

  static Path dir(String name) {
    try {
      return Path.of(Fixture.class.getResource("/gptneox/" + name + "/config.json").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Fixture load(String name) {
    Path dir = dir(name);
    try {
      JsonNode expected = Json.mapper().readTree(dir.resolve("expected.json").toFile());
      long[][] ids = Json.mapper().treeToValue(expected.get("input_ids"), long[][].class);
      long[][] mask = Json.mapper().treeToValue(expected.get("attention_mask"), long[][].class);
      ByteBuffer bytes =
          ByteBuffer.wrap(Files.readAllBytes(dir.resolve(expected.get("logits_file").asText())))
              .order(ByteOrder.LITTLE_ENDIAN);
      float[] logits = new float[bytes.remaining() / 4];
      bytes.asFloatBuffer().get(logits);
      int vocab = expected.get("logits_shape").get(2).asInt();
      return new Fixture(dir, expected.get("reference").asText(), ids, mask, logits, vocab);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  NDArray ids(NDManager manager) {
    return manager.create(inputIds);
  }

  NDArray mask(NDManager manager) {
    return manager.create(attentionMask);
  }

  /** The reference logit of one position and vocabulary entry. */
  float logit(int row, int position, int token) {
    return logits[(row * inputIds[0].length + position) * vocab + token];
  }
}
