package org.stepindex.eval.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import org.stepindex.indexer.base.StepIndexException;

/** Parses the {@code --device} option. */
public final class Devices {

  private Devices() {}

  /**
   * Parses {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}.
   *
   * @param value the option value
   * @return {@code auto}: the first CUDA device when DJL's engine finds one, else the CPU; {@code
   *     cpu}: the CPU; {@code gpu[:N]}: that CUDA device
   * @throws StepIndexException for another value, or a GPU the engine does not find
   */
  public static Device parse(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    int gpus = v.equals("cpu") ? 0 : Engine.getInstance().getGpuCount();
    if (v.equals("cpu")) {
      return Device.cpu();
    }
    if (v.equals("auto")) {
      return gpus > 0 ? Device.gpu() : Device.cpu();
    }
    if (v.equals("gpu") || v.matches("gpu:\\d{1,4}")) {
      int index = v.equals("gpu") ? 0 : Integer.parseInt(v.substring(4));
      if (index >= gpus) {
        throw new StepIndexException(
            "--device "
                + value
                + ": DJL's "
                + Engine.getInstance().getEngineName()
                + " engine finds "
                + gpus
                + " CUDA device(s); use --device cpu or auto, or a CUDA build of libtorch");
      }
      return Device.gpu(index);
    }
    throw new StepIndexException("--device must be auto, cpu, gpu or gpu:N, not '" + value + "'");
  }
}
