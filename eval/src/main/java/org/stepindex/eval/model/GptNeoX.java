package org.stepindex.eval.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Hugging Face's {@code GPTNeoXForCausalLM} (the Pythia models) on DJL NDArrays.
 *
 * <p>The forward pass follows transformers' {@code modeling_gpt_neox.py}: token embedding, then per
 * layer a fused {@code query_key_value} projection viewed as {@code [batch, seq, heads,
 * 3·head_size]} (q, k and v side by side within each head), rotary embeddings on the first {@code
 * rotary_ndims} dimensions of q and k (rotate-half convention), causal attention scaled by {@code
 * 1/sqrt(head_size)} with the softmax in float32, the GELU MLP and a parallel or sequential
 * residual; then the final layer norm and the untied {@code embed_out}.
 *
 * <p>Parameters are ordinary NDArrays under their Hugging Face names ({@link #parameters}), so a
 * trainer can mark them as requiring gradients and record the same forward under DJL's autograd,
 * and save them with {@link SafetensorsWriter}. Not thread-safe: one forward at a time.
 */
public final class GptNeoX implements AutoCloseable {

  private final GptNeoXConfig config;
  private final NDManager manager;
  private final DataType dataType;
  private final Map<String, NDArray> parameters;
  private final NDArray embedIn;
  private final Layer[] layers;
  private final NDArray finalNormWeight;
  private final NDArray finalNormBias;
  private final NDArray embedOut;

  /**
   * {@code 1 / base^(2i / rotary_ndims)}, float32, as transformers' {@code inv_freq}; null without
   * rotary dims.
   */
  private final NDArray inverseFrequencies;

  /**
   * One transformer layer's parameters; biases of the attention projections are null without
   * attention_bias.
   */
  private record Layer(
      NDArray inputNormWeight,
      NDArray inputNormBias,
      NDArray postAttentionNormWeight,
      NDArray postAttentionNormBias,
      NDArray qkvWeight,
      NDArray qkvBias,
      NDArray denseWeight,
      NDArray denseBias,
      NDArray upWeight,
      NDArray upBias,
      NDArray downWeight,
      NDArray downBias) {}

  private GptNeoX(
      GptNeoXConfig config, NDManager manager, DataType dataType, Map<String, NDArray> parameters) {
    this.config = config;
    this.manager = manager;
    this.dataType = dataType;
    this.parameters = Collections.unmodifiableMap(parameters);
    this.embedIn = parameters.get("gpt_neox.embed_in.weight");
    this.layers = new Layer[config.numLayers()];
    for (int i = 0; i < layers.length; i++) {
      String p = "gpt_neox.layers." + i + ".";
      layers[i] =
          new Layer(
              parameters.get(p + "input_layernorm.weight"),
              parameters.get(p + "input_layernorm.bias"),
              parameters.get(p + "post_attention_layernorm.weight"),
              parameters.get(p + "post_attention_layernorm.bias"),
              parameters.get(p + "attention.query_key_value.weight"),
              parameters.get(p + "attention.query_key_value.bias"),
              parameters.get(p + "attention.dense.weight"),
              parameters.get(p + "attention.dense.bias"),
              parameters.get(p + "mlp.dense_h_to_4h.weight"),
              parameters.get(p + "mlp.dense_h_to_4h.bias"),
              parameters.get(p + "mlp.dense_4h_to_h.weight"),
              parameters.get(p + "mlp.dense_4h_to_h.bias"));
    }
    this.finalNormWeight = parameters.get("gpt_neox.final_layer_norm.weight");
    this.finalNormBias = parameters.get("gpt_neox.final_layer_norm.bias");
    this.embedOut = config.tiedEmbeddings() ? embedIn : parameters.get("embed_out.weight");
    int rotary = config.rotaryDims();
    if (rotary >= 2) {
      float[] inverse = new float[rotary / 2];
      for (int i = 0; i < inverse.length; i++) {
        inverse[i] = (float) (1.0 / Math.pow(config.rotaryBase(), (2.0 * i) / rotary));
      }
      this.inverseFrequencies = manager.create(inverse);
    } else {
      this.inverseFrequencies = null;
    }
  }

  /**
   * Loads a Hugging Face {@code GPTNeoXForCausalLM} checkpoint directory: {@code config.json} plus
   * {@code model.safetensors} or sharded safetensors with {@code model.safetensors.index.json}.
   * Tensors stored as F32, F16 or BF16 are converted to {@code dataType}; buffers such as {@code
   * attention.rotary_emb.inv_freq}, {@code attention.bias} and {@code attention.masked_bias} are
   * ignored. The first load fixes the process's intra-op thread count ({@link IntraOpThreads}).
   *
   * @param dir the checkpoint directory
   * @param device where the parameters live (see {@link Devices#parse})
   * @param dataType FLOAT32 or FLOAT16 (see {@link ModelDType#parse}); BFLOAT16 is refused, as DJL
   *     0.36's PyTorch engine aborts the JVM on bfloat16 arrays
   * @return the model; close it to free its parameters
   * @throws StepIndexException when a file is missing or invalid, a tensor is missing, or a shape
   *     differs from what {@code config.json} implies
   */
  public static GptNeoX load(Path dir, Device device, DataType dataType) {
    if (dataType == DataType.BFLOAT16) {
      // Checked here because the engine does not fail cleanly: it aborts the whole JVM.
      throw new StepIndexException(
          "--dtype bfloat16 is not available: DJL's PyTorch engine cannot create bfloat16 "
              + "arrays; use float16 or float32 (bfloat16 checkpoints load fine)");
    }
    if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT16) {
      throw new IllegalArgumentException(
          "model data type must be float32 or float16, not " + dataType);
    }
    GptNeoXConfig config = GptNeoXConfig.read(dir);
    // Before the first product: every model of the process computes with one fixed thread count
    // (IntraOpThreads).
    IntraOpThreads.fix();
    NDManager manager = NDManager.newBaseManager(device);
    try (CheckpointReader checkpoint = CheckpointReader.open(dir)) {
      Map<String, NDArray> parameters = new LinkedHashMap<>();
      expectedShapes(config)
          .forEach(
              (name, shape) -> {
                NDArray stored = checkpoint.read(name, shape, manager);
                NDArray converted = stored.toType(dataType, false);
                if (converted != stored) {
                  stored.close();
                }
                converted.setName(name);
                parameters.put(name, converted);
              });
      return new GptNeoX(config, manager, dataType, parameters);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * Returns the name and shape of every parameter a checkpoint of this configuration must hold, in
   * the order transformers registers them.
   *
   * @param config the model shape
   * @return Hugging Face tensor name → shape
   */
  public static Map<String, Shape> expectedShapes(GptNeoXConfig config) {
    long h = config.hiddenSize();
    long i = config.intermediateSize();
    Map<String, Shape> shapes = new LinkedHashMap<>();
    shapes.put("gpt_neox.embed_in.weight", new Shape(config.vocabSize(), h));
    for (int l = 0; l < config.numLayers(); l++) {
      String p = "gpt_neox.layers." + l + ".";
      shapes.put(p + "input_layernorm.weight", new Shape(h));
      shapes.put(p + "input_layernorm.bias", new Shape(h));
      shapes.put(p + "post_attention_layernorm.weight", new Shape(h));
      shapes.put(p + "post_attention_layernorm.bias", new Shape(h));
      shapes.put(p + "attention.query_key_value.weight", new Shape(3 * h, h));
      if (config.attentionBias()) {
        shapes.put(p + "attention.query_key_value.bias", new Shape(3 * h));
      }
      shapes.put(p + "attention.dense.weight", new Shape(h, h));
      if (config.attentionBias()) {
        shapes.put(p + "attention.dense.bias", new Shape(h));
      }
      shapes.put(p + "mlp.dense_h_to_4h.weight", new Shape(i, h));
      shapes.put(p + "mlp.dense_h_to_4h.bias", new Shape(i));
      shapes.put(p + "mlp.dense_4h_to_h.weight", new Shape(h, i));
      shapes.put(p + "mlp.dense_4h_to_h.bias", new Shape(h));
    }
    shapes.put("gpt_neox.final_layer_norm.weight", new Shape(h));
    shapes.put("gpt_neox.final_layer_norm.bias", new Shape(h));
    if (!config.tiedEmbeddings()) {
      shapes.put("embed_out.weight", new Shape(config.vocabSize(), h));
    }
    return shapes;
  }

  /**
   * Computes next-token logits.
   *
   * <p>Position ids come from the attention mask as in transformers' generation ({@code
   * cumsum(mask) − 1}), so left-padded rows get the same positions, and so the same logits, as
   * unpadded ones. Logits at padded positions are meaningless. With a cache, {@code inputIds} holds
   * only the new tokens, {@code attentionMask} covers cached and new positions, and the cache is
   * extended by the new tokens' keys and values.
   *
   * @param inputIds token ids {@code [batch, seq]} (any integer type)
   * @param attentionMask 1 for real tokens and 0 for padding, {@code [batch, cached + seq]}
   * @param cache the keys and values of earlier calls, extended in place; null for none
   * @return logits {@code [batch, seq, vocab]} in the model's data type, attached to {@code
   *     inputIds}' manager
   * @throws IllegalArgumentException when the shapes do not fit together
   */
  public NDArray forward(NDArray inputIds, NDArray attentionMask, KvCache cache) {
    Shape idShape = inputIds.getShape();
    int past = cache == null ? 0 : cache.length();
    if (idShape.dimension() != 2) {
      throw new IllegalArgumentException("input ids must be [batch, seq], not " + idShape);
    }
    long batch = idShape.get(0);
    long seq = idShape.get(1);
    if (!attentionMask.getShape().equals(new Shape(batch, past + seq))) {
      throw new IllegalArgumentException(
          "attention mask must be "
              + new Shape(batch, past + seq)
              + " for "
              + past
              + " cached positions, not "
              + attentionMask.getShape());
    }
    Device device = manager.getDevice();
    NDArray logits;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray ids = inputIds.toDevice(device, false).toType(DataType.INT64, false);
      NDArray mask = attentionMask.toDevice(device, false).toType(DataType.INT64, false);
      // transformers' generation: position_ids = cumsum(mask) - 1, with padded positions set to 1
      // (any value works:
      // padded keys are masked out and padded queries are never read).
      NDArray keep = mask.neq(0).toType(DataType.INT64, false);
      NDArray positions = keep.cumSum(1).sub(1).mul(keep).add(keep.neg().add(1));
      positions = positions.get(new NDIndex(":, {}:", past)).toType(DataType.FLOAT32, false);
      Rotary rotary = rotary(positions);
      NDArray maskBias = attentionBias(keep, past, seq);

      // torch's embedding, not indexing: the same rows, but its backward adds each row's gradients
      // in token order,
      // where indexing's backward (index_put_ with accumulate) adds them with atomic float adds
      // from several threads
      // once a batch holds 32,768 values, in an order that differs from run to run.
      NDArray h =
          embedIn
              .getNDArrayInternal()
              .embedding(ids.flatten(), embedIn, SparseFormat.DENSE)
              .singletonOrThrow()
              .reshape(batch, seq, config.hiddenSize());
      for (int l = 0; l < layers.length; l++) {
        Layer layer = layers[l];
        NDArray attention =
            attention(
                l,
                layer,
                norm(h, layer.inputNormWeight(), layer.inputNormBias()),
                rotary,
                maskBias,
                cache);
        if (config.parallelResidual()) {
          h =
              h.add(attention)
                  .add(
                      mlp(
                          layer,
                          norm(h, layer.postAttentionNormWeight(), layer.postAttentionNormBias())));
        } else {
          NDArray mid = h.add(attention);
          h =
              mid.add(
                  mlp(
                      layer,
                      norm(mid, layer.postAttentionNormWeight(), layer.postAttentionNormBias())));
        }
      }
      h = norm(h, finalNormWeight, finalNormBias);
      logits = Linear.linear(h, embedOut).singletonOrThrow();
      NDScope.unregister(logits);
    }
    logits.attach(inputIds.getManager());
    if (cache != null) {
      cache.advance((int) seq);
    }
    return logits;
  }

  /**
   * cos and sin of each position's angles, {@code [batch, 1, seq, rotary_ndims]} in the model's
   * data type.
   */
  private record Rotary(NDArray cos, NDArray sin) {}

  private Rotary rotary(NDArray positions) {
    if (inverseFrequencies == null) {
      return null;
    }
    NDArray freqs = positions.expandDims(2).mul(inverseFrequencies);
    // As transformers: the angles of the two halves are the same (rotate_half pairs dimension i
    // with i + dim/2).
    NDArray angles = freqs.concat(freqs, 2).expandDims(1);
    return new Rotary(angles.cos().toType(dataType, false), angles.sin().toType(dataType, false));
  }

  /**
   * 0 where a query may attend a key (causal and not padding), the float32 minimum elsewhere; [b,
   * 1, seq, keys].
   */
  private NDArray attentionBias(NDArray keep, int past, long seq) {
    NDManager m = keep.getManager();
    long keys = past + seq;
    NDArray queryPosition = m.arange(past, (int) keys, 1, DataType.INT64).expandDims(1);
    NDArray keyPosition = m.arange(0, (int) keys, 1, DataType.INT64).expandDims(0);
    NDArray causal = keyPosition.lte(queryPosition); // [seq, keys]
    NDArray allowed = causal.expandDims(0).logicalAnd(keep.neq(0).expandDims(1)).expandDims(1);
    // A finite minimum, as transformers uses: a fully masked (padded) query row then softmaxes to
    // finite numbers
    // instead of NaN, which would otherwise reach real rows through 0 · NaN in later layers.
    return allowed.toType(DataType.FLOAT32, false).sub(1f).mul(Float.MAX_VALUE);
  }

  private NDArray norm(NDArray x, NDArray weight, NDArray bias) {
    return LayerNorm.layerNorm(
            x, new Shape(config.hiddenSize()), weight, bias, (float) config.layerNormEps())
        .singletonOrThrow();
  }

  private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias))
        .singletonOrThrow();
  }

  private NDArray attention(
      int index, Layer layer, NDArray x, Rotary rotary, NDArray maskBias, KvCache cache) {
    Shape shape = x.getShape();
    long batch = shape.get(0);
    long seq = shape.get(1);
    int heads = config.numHeads();
    int headSize = config.headSize();
    // transformers' layout: [batch, seq, heads, 3 * head_size], q | k | v within each head.
    NDArray qkv =
        linear(x, layer.qkvWeight(), layer.qkvBias()).reshape(batch, seq, heads, 3L * headSize);
    NDArray query = qkv.get(new NDIndex("..., :{}", headSize)).transpose(0, 2, 1, 3);
    NDArray key = qkv.get(new NDIndex("..., {}:{}", headSize, 2 * headSize)).transpose(0, 2, 1, 3);
    NDArray value = qkv.get(new NDIndex("..., {}:", 2 * headSize)).transpose(0, 2, 1, 3);
    if (rotary != null) {
      query = applyRotary(query, rotary);
      key = applyRotary(key, rotary);
    }
    if (cache != null) {
      if (cache.keys(index) != null) {
        key = cache.keys(index).concat(key, 2);
        value = cache.values(index).concat(value, 2);
      }
      cache.put(index, key, value);
    }
    NDArray scores = times(query.matMul(key.transpose(0, 1, 3, 2)), 1.0 / Math.sqrt(headSize));
    NDArray weights =
        scores.toType(DataType.FLOAT32, false).add(maskBias).softmax(-1).toType(dataType, false);
    NDArray merged =
        weights.matMul(value).transpose(0, 2, 1, 3).reshape(batch, seq, config.hiddenSize());
    return linear(merged, layer.denseWeight(), layer.denseBias());
  }

  private NDArray applyRotary(NDArray x, Rotary rotary) {
    int dims = config.rotaryDims();
    int half = dims / 2;
    boolean partial = dims < config.headSize();
    NDArray rot = partial ? x.get(new NDIndex("..., :{}", dims)) : x;
    NDArray first = rot.get(new NDIndex("..., :{}", half));
    NDArray second = rot.get(new NDIndex("..., {}:", half));
    NDArray rotated = second.neg().concat(first, -1); // rotate_half
    NDArray embedded = rot.mul(rotary.cos()).add(rotated.mul(rotary.sin()));
    return partial ? embedded.concat(x.get(new NDIndex("..., {}:", dims)), -1) : embedded;
  }

  private NDArray mlp(Layer layer, NDArray x) {
    NDArray up = linear(x, layer.upWeight(), layer.upBias());
    return linear(gelu(up), layer.downWeight(), layer.downBias());
  }

  private NDArray gelu(NDArray x) {
    return switch (config.activation()) {
      case GELU_EXACT -> times(x, 0.5).mul(times(x, 1.0 / Math.sqrt(2.0)).erf().add(1));
      case GELU_TANH ->
          times(x, 0.5)
              .mul(
                  times(times(x.mul(x).mul(x), 0.044715).add(x), Math.sqrt(2.0 / Math.PI))
                      .tanh()
                      .add(1));
    };
  }

  /**
   * {@code x} times a constant, safe under autograd: {@code x.mul(}{@link #constant}{@code )}.
   *
   * @param x any array
   * @param c the factor, applied in {@code x}'s data type
   * @return {@code x · c}
   */
  public static NDArray times(NDArray x, double c) {
    return x.mul(constant(x, c));
  }

  /**
   * A scalar for products and quotients that autograd records. Not a plain number ({@code
   * x.mul(Number)}): DJL turns the number into a tensor over a Java buffer and closes it right
   * after the operation, while autograd keeps that tensor for the backward pass (the gradient of
   * {@code x·c} is {@code c}); once the garbage collector frees the buffer, the backward reads
   * whatever lies there (seen as training runs that parted after a collection). A scalar torch
   * allocates itself lives as long as autograd holds it. Only sums and differences may take a plain
   * number (their backward does not read it).
   *
   * @param like the array it will meet: its manager, device and data type
   * @param value the scalar's value
   * @return a 0-dimensional array that torch owns
   */
  public static NDArray constant(NDArray like, double value) {
    return like.getManager().full(new Shape(), (float) value, like.getDataType());
  }

  /**
   * Starts an empty key/value cache for incremental decoding with {@link #forward}.
   *
   * @return a cache on the model's device; close it when the batch is done
   */
  public KvCache newCache() {
    return new KvCache(manager, layers.length);
  }

  /**
   * Returns a new manager on the model's device for the caller's inputs; closing the model closes
   * it too.
   *
   * @return a sub-manager of the model's manager
   */
  public NDManager newManager() {
    return manager.newSubManager();
  }

  /**
   * Returns the model shape.
   *
   * @return the configuration read from {@code config.json}
   */
  public GptNeoXConfig config() {
    return config;
  }

  /**
   * Returns the device the parameters live on.
   *
   * @return the device
   */
  public Device device() {
    return manager.getDevice();
  }

  /**
   * Returns the data type of the parameters and the logits.
   *
   * @return FLOAT32 or FLOAT16
   */
  public DataType dataType() {
    return dataType;
  }

  /**
   * Returns the parameters under their Hugging Face names (those of {@link #expectedShapes});
   * writing them with {@link SafetensorsWriter} beside a {@code config.json} makes a checkpoint
   * that transformers and {@link #load} read.
   *
   * @return name → parameter, unmodifiable; the arrays are the model's own
   */
  public Map<String, NDArray> parameters() {
    return parameters;
  }

  /** Frees the parameters and every cache and manager made from this model. */
  @Override
  public void close() {
    manager.close();
  }
}
