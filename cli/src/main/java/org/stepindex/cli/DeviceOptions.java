package org.stepindex.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import org.stepindex.eval.model.Devices;
import org.stepindex.eval.model.ModelDType;
import picocli.CommandLine.Option;

/** Mixin: where a model runs and in which number type. */
final class DeviceOptions {
  @Option(
      names = "--device",
      defaultValue = "auto",
      description = "auto (CUDA when DJL finds it), cpu, gpu or gpu:N. Default: ${DEFAULT-VALUE}.")
  String device;

  @Option(
      names = "--dtype",
      defaultValue = "float32",
      description =
          "float32 or float16 (bfloat16: not supported by DJL 0.36's PyTorch engine). Default: ${DEFAULT-VALUE}.")
  String dtype;

  Device device() {
    return Devices.parse(device);
  }

  DataType dataType() {
    return ModelDType.parse(dtype).dataType();
  }
}
