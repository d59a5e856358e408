package org.stepindex.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.stepindex.eval.model.Safetensors;
import org.stepindex.eval.model.SafetensorsWriter;
import org.stepindex.indexer.base.StepIndexException;

/**
 * AdamW as PyTorch's {@code torch.optim.AdamW} computes it (single-tensor path, no amsgrad): for
 * each parameter {@code p} with gradient {@code g} at update {@code t} (1-based),
 *
 * <pre>
 *   p ← p · (1 − lr · weight_decay)                    (decoupled decay; skipped where {@link #decays} is false)
 *   m ← m + (1 − β1) · (g − m)                          (torch's lerp_)
 *   v ← β2 · v + (1 − β2) · g²
 *   p ← p − lr / (1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)
 * </pre>
 *
 * <p>As GPT-NeoX groups Pythia's parameters, weight decay is not applied to biases and layer-norm
 * parameters; it is applied to every weight matrix and to both embeddings. The moments {@code m}
 * ({@code exp_avg}) and {@code v} ({@code exp_avg_sq}) are float32 arrays beside the parameters,
 * updated in place; {@link #save} and {@link #load} keep them exactly, so a resumed run continues
 * bit for bit.
 */
public final class AdamW implements AutoCloseable {

  /**
   * The optimizer's constants.
   *
   * @param beta1 the first moment's decay (Pythia 0.9)
   * @param beta2 the second moment's decay (Pythia 0.95)
   * @param eps added to the denominator (1e-8)
   * @param weightDecay decoupled weight decay (Pythia 0.01)
   */
  public record Settings(double beta1, double beta2, double eps, double weightDecay) {
    /** Validates the constants. */
    public Settings {
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
        throw new StepIndexException(
            "AdamW betas must lie in [0, 1), not " + beta1 + " and " + beta2);
      }
      if (!(eps > 0) || !(weightDecay >= 0)) {
        throw new StepIndexException(
            "AdamW needs eps > 0 and weight decay >= 0, not " + eps + " and " + weightDecay);
      }
    }

    /** Pythia's: betas (0.9, 0.95), eps 1e-8, weight decay 0.01. */
    public static Settings pythia() {
      return new Settings(0.9, 0.95, 1e-8, 0.01);
    }
  }

  private static final String EXP_AVG = ".exp_avg";
  private static final String EXP_AVG_SQ = ".exp_avg_sq";

  private final Settings settings;
  private final Map<String, NDArray> parameters;
  private final NDManager manager;
  private final Map<String, NDArray> expAvg = new LinkedHashMap<>();
  private final Map<String, NDArray> expAvgSq = new LinkedHashMap<>();
  private long updates;

  /**
   * Starts an optimizer with zero moments.
   *
   * @param parameters name → parameter, updated in place by {@link #step}
   * @param settings the constants
   * @param manager where the moments live (the parameters' device); closed with this optimizer
   */
  public AdamW(Map<String, NDArray> parameters, Settings settings, NDManager manager) {
    this.settings = settings;
    this.parameters = parameters;
    this.manager = manager;
    parameters.forEach(
        (name, p) -> {
          expAvg.put(name, manager.zeros(p.getShape(), p.getDataType()));
          expAvgSq.put(name, manager.zeros(p.getShape(), p.getDataType()));
        });
  }

  /**
   * Whether a parameter gets weight decay: not biases, not layer norms (GPT-NeoX's no-decay group).
   *
   * @param name a Hugging Face parameter name
   * @return true for weight matrices and embeddings
   */
  public static boolean decays(String name) {
    return !name.endsWith(".bias") && !name.contains("layernorm") && !name.contains("layer_norm");
  }

  /**
   * Applies one update.
   *
   * @param gradients name → gradient of every parameter (already clipped); not changed
   * @param learningRate this update's learning rate
   */
  public void step(Map<String, NDArray> gradients, double learningRate) {
    updates++;
    float b1 = (float) settings.beta1();
    float b2 = (float) settings.beta2();
    double biasCorrection1 = 1 - Math.pow(settings.beta1(), updates);
    double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(settings.beta2(), updates));
    float stepSize = (float) (learningRate / biasCorrection1);
    float decay = (float) (1 - learningRate * settings.weightDecay());
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
        String name = e.getKey();
        NDArray g = gradients.get(name);
        // A view without autograd history: in-place updates of a leaf that requires gradients are
        // refused otherwise.
        NDArray p = e.getValue().stopGradient();
        NDArray m = expAvg.get(name);
        NDArray v = expAvgSq.get(name);
        if (decays(name) && settings.weightDecay() != 0) {
          p.muli(decay);
        }
        m.addi(g.sub(m).muli(1 - b1));
        v.muli(b2).addi(g.mul(g).muli(1 - b2));
        NDArray denominator =
            v.sqrt().divi((float) biasCorrection2Sqrt).addi((float) settings.eps());
        p.subi(m.div(denominator).muli(stepSize));
      }
    }
  }

  /**
   * Returns the number of updates applied, the {@code t} of the bias corrections.
   *
   * @return updates so far (including those before a {@link #load})
   */
  public long updates() {
    return updates;
  }

  /**
   * Returns the constants.
   *
   * @return the settings
   */
  public Settings settings() {
    return settings;
  }

  /**
   * Returns the first moments.
   *
   * @return parameter name → {@code exp_avg}, unmodifiable; the optimizer's own arrays
   */
  public Map<String, NDArray> expAvg() {
    return Collections.unmodifiableMap(expAvg);
  }

  /**
   * Returns the second moments.
   *
   * @return parameter name → {@code exp_avg_sq}, unmodifiable; the optimizer's own arrays
   */
  public Map<String, NDArray> expAvgSq() {
    return Collections.unmodifiableMap(expAvgSq);
  }

  /**
   * Writes the moments to a safetensors file as {@code NAME.exp_avg} and {@code NAME.exp_avg_sq};
   * the update count is the caller's to keep (it goes into {@code trainer-state.json}).
   *
   * @param file the target file, written atomically
   */
  public void save(Path file) {
    Map<String, NDArray> tensors = new LinkedHashMap<>();
    expAvg.forEach((name, m) -> tensors.put(name + EXP_AVG, m));
    expAvgSq.forEach((name, v) -> tensors.put(name + EXP_AVG_SQ, v));
    SafetensorsWriter.write(file, tensors);
  }

  /**
   * Replaces the moments with those {@link #save} wrote, and the update count.
   *
   * @param file the safetensors file
   * @param updatesSoFar the update count saved with it
   * @throws StepIndexException when a moment is missing or has another shape or type than its
   *     parameter
   */
  public void load(Path file, long updatesSoFar) {
    try (Safetensors stored = Safetensors.open(file)) {
      for (String name : parameters.keySet()) {
        expAvg.put(name, replace(stored, name + EXP_AVG, expAvg.get(name)));
        expAvgSq.put(name, replace(stored, name + EXP_AVG_SQ, expAvgSq.get(name)));
      }
    }
    this.updates = updatesSoFar;
  }

  private NDArray replace(Safetensors stored, String tensor, NDArray target) {
    Safetensors.Entry entry = stored.entry(tensor);
    if (entry == null
        || !entry.shape().equals(target.getShape())
        || entry.dataType() != target.getDataType()) {
      throw new StepIndexException(
          "optimizer state "
              + stored.file()
              + " lacks "
              + tensor
              + " as "
              + target.getDataType()
              + " "
              + target.getShape()
              + "; it belongs to another model");
    }
    NDArray read = stored.read(tensor, manager);
    target.close();
    return read;
  }

  /** Frees the moments. */
  @Override
  public void close() {
    manager.close();
  }
}
