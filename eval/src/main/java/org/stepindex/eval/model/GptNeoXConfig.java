package org.stepindex.eval.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;

/**
 * The shape of a GPT-NeoX model, read from a Hugging Face {@code config.json}.
 *
 * @param vocabSize rows of {@code embed_in} and {@code embed_out}; Pythia pads it beyond the
 *     tokenizer's ids
 * @param hiddenSize the residual stream width
 * @param numLayers transformer layers
 * @param numHeads attention heads; {@code hiddenSize} must be a multiple of it
 * @param intermediateSize the MLP width
 * @param rotaryPct the fraction of each head's dimensions that get rotary embeddings (Pythia: 0.25)
 * @param rotaryBase the rotary base, {@code rotary_emb_base} (10000 by default)
 * @param maxPositions {@code max_position_embeddings}, the context length the model was trained for
 * @param layerNormEps the layer-norm epsilon
 * @param parallelResidual {@code x + attn(ln1(x)) + mlp(ln2(x))} when true, else the two residuals
 *     in sequence
 * @param activation the MLP activation
 * @param attentionBias whether {@code query_key_value} and {@code attention.dense} have biases
 * @param tiedEmbeddings whether {@code embed_out} is {@code embed_in} ({@code tie_word_embeddings})
 * @param eosTokenId the end-of-text id, which generation stops at and scoring conditions on
 */
public record GptNeoXConfig(
    int vocabSize,
    int hiddenSize,
    int numLayers,
    int numHeads,
    int intermediateSize,
    double rotaryPct,
    double rotaryBase,
    int maxPositions,
    double layerNormEps,
    boolean parallelResidual,
    Activation activation,
    boolean attentionBias,
    boolean tiedEmbeddings,
    int eosTokenId) {

  /**
   * The MLP activations GPT-NeoX checkpoints use, by their {@code hidden_act} names in
   * transformers' ACT2FN.
   */
  public enum Activation {
    /** {@code gelu}: the exact GELU, {@code x·Φ(x)} with erf. */
    GELU_EXACT,
    /** {@code gelu_new}, {@code gelu_fast}, {@code gelu_pytorch_tanh}: the tanh approximation. */
    GELU_TANH;

    static Activation parse(String hiddenAct) {
      return switch (hiddenAct) {
        case "gelu" -> GELU_EXACT;
        case "gelu_new", "gelu_fast", "gelu_pytorch_tanh" -> GELU_TANH;
        default -> null;
      };
    }
  }

  /** Validates what every later shape computation relies on. */
  public GptNeoXConfig {
    if (vocabSize <= 0
        || hiddenSize <= 0
        || numLayers <= 0
        || numHeads <= 0
        || intermediateSize <= 0) {
      throw new IllegalArgumentException("GPT-NeoX sizes must be positive");
    }
    if (hiddenSize % numHeads != 0) {
      throw new IllegalArgumentException(
          "hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numHeads);
    }
    if (!(rotaryPct >= 0 && rotaryPct <= 1)) {
      throw new IllegalArgumentException("rotary_pct must be in [0, 1], not " + rotaryPct);
    }
    if (activation == null) {
      throw new IllegalArgumentException("activation is required");
    }
  }

  /**
   * This configuration as a Hugging Face {@code config.json} that transformers' {@code
   * GPTNeoXForCausalLM} and {@link #read} both load.
   */
  public String toJson() {
    ObjectNode root = Json.mapper().createObjectNode();
    root.putArray("architectures").add("GPTNeoXForCausalLM");
    root.put("model_type", "gpt_neox");
    root.put("vocab_size", vocabSize);
    root.put("hidden_size", hiddenSize);
    root.put("num_hidden_layers", numLayers);
    root.put("num_attention_heads", numHeads);
    root.put("intermediate_size", intermediateSize);
    root.put("rotary_pct", rotaryPct);
    root.put("rotary_emb_base", rotaryBase);
    root.put("max_position_embeddings", maxPositions);
    root.put("layer_norm_eps", layerNormEps);
    root.put("use_parallel_residual", parallelResidual);
    root.put("hidden_act", activation == Activation.GELU_EXACT ? "gelu" : "gelu_new");
    root.put("attention_bias", attentionBias);
    root.put("tie_word_embeddings", tiedEmbeddings);
    root.put("initializer_range", 0.02);
    root.put("bos_token_id", eosTokenId);
    root.put("eos_token_id", eosTokenId);
    root.put("torch_dtype", "float32");
    try {
      return Json.pretty().writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads {@code config.json} from a checkpoint directory (or the file itself). Accepts the
   * transformers 4 keys ({@code rotary_pct}, {@code rotary_emb_base}) and the transformers 5 ones
   * ({@code partial_rotary_factor}, {@code rope_theta}, also inside {@code rope_parameters});
   * refuses {@code rope_scaling}, which this model does not implement.
   *
   * @param path a checkpoint directory or its {@code config.json}
   * @return the configuration
   * @throws StepIndexException when the file is missing, is not a GPT-NeoX config, or holds
   *     impossible values
   */
  public static GptNeoXConfig read(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve("config.json") : path;
    JsonNode root;
    try {
      root = Json.mapper().readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new StepIndexException(
          "no config.json at " + file + "; expected a Hugging Face GPT-NeoX checkpoint");
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot read " + file + " as JSON: " + oneLine(e.getMessage()), e);
    }
    if (root == null || !root.isObject()) {
      throw new StepIndexException(file + " is not a JSON object");
    }
    String modelType = root.path("model_type").asText("");
    if (!modelType.equals("gpt_neox")) {
      throw new StepIndexException(
          file + " has model_type '" + modelType + "', expected 'gpt_neox'");
    }
    JsonNode rope = root.path("rope_parameters");
    JsonNode scaling = root.path("rope_scaling");
    if (!scaling.isMissingNode() && !scaling.isNull()) {
      throw new StepIndexException(
          file + " uses rope_scaling, which this GPT-NeoX implementation does not support");
    }
    String hiddenAct = root.path("hidden_act").asText("gelu");
    Activation activation = Activation.parse(hiddenAct);
    if (activation == null) {
      throw new StepIndexException(
          file
              + " has hidden_act '"
              + hiddenAct
              + "'; supported: gelu, gelu_new, gelu_fast, gelu_pytorch_tanh");
    }
    try {
      return new GptNeoXConfig(
          required(file, root, "vocab_size"),
          required(file, root, "hidden_size"),
          required(file, root, "num_hidden_layers"),
          required(file, root, "num_attention_heads"),
          required(file, root, "intermediate_size"),
          firstNumber(
              0.25,
              root.path("rotary_pct"),
              root.path("partial_rotary_factor"),
              rope.path("partial_rotary_factor")),
          firstNumber(
              10000,
              root.path("rotary_emb_base"),
              root.path("rope_theta"),
              rope.path("rope_theta")),
          root.path("max_position_embeddings").asInt(2048),
          root.path("layer_norm_eps").asDouble(1e-5),
          root.path("use_parallel_residual").asBoolean(true),
          activation,
          root.path("attention_bias").asBoolean(true),
          root.path("tie_word_embeddings").asBoolean(false),
          root.path("eos_token_id").asInt(0));
    } catch (IllegalArgumentException e) {
      throw new StepIndexException(file + ": " + e.getMessage(), e);
    }
  }

  private static int required(Path file, JsonNode root, String key) {
    JsonNode node = root.path(key);
    if (!node.canConvertToInt()) {
      throw new StepIndexException(file + " lacks the integer '" + key + "'");
    }
    return node.asInt();
  }

  private static double firstNumber(double fallback, JsonNode... candidates) {
    for (JsonNode node : candidates) {
      if (node.isNumber()) {
        return node.asDouble();
      }
    }
    return fallback;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  /**
   * Returns the dimensions of one attention head.
   *
   * @return {@code hiddenSize / numHeads}
   */
  public int headSize() {
    return hiddenSize / numHeads;
  }

  /**
   * Returns how many leading dimensions of each head get rotary embeddings, {@code int(head_size ·
   * rotary_pct)} as transformers truncates it.
   *
   * @return the rotary dimensions
   */
  public int rotaryDims() {
    return (int) (headSize() * rotaryPct);
  }

  /**
   * Counts the parameters, embeddings and biases included (untied {@code embed_out} counted
   * separately).
   *
   * @return the number of parameters
   */
  public long parameterCount() {
    long h = hiddenSize;
    long i = intermediateSize;
    long attention = 3 * h * h + h * h + (attentionBias ? 4 * h : 0);
    long mlp = 2 * h * i + i + h;
    long layer = attention + mlp + 4 * h;
    return vocabSize * h * (tiedEmbeddings ? 1 : 2) + numLayers * layer + 2 * h;
  }
}
