package org.stepindex.bench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The engine's float32 matrix-multiply throughput on a device: the yardstick beside which {@code
 * bench-model} and {@code bench-train} report their achieved FLOP/s, measured in the same run so
 * the fraction means something on any machine.
 */
final class MatmulPeak {

  private MatmulPeak() {}

  /**
   * Times square float32 matrix products.
   *
   * @param manager a manager on the device to measure
   * @param n the side of the matrices (1024 on a CPU, 4096 or more on a GPU)
   * @param repeats timed products, after one warm-up
   * @return {@code 2·n³} FLOPs per product divided by its mean time
   */
  static double measure(NDManager manager, int n, int repeats) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray a = scope.randomNormal(new Shape(n, n));
      NDArray b = scope.randomNormal(new Shape(n, n));
      a.matMul(b).get("0, 0").getFloat(); // warm-up
      long start = System.nanoTime();
      for (int i = 0; i < repeats; i++) {
        try (NDArray c = a.matMul(b)) {
          c.get("0, 0")
              .getFloat(); // forces an asynchronous (CUDA) engine to finish before the clock stops
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9 / repeats;
      return 2.0 * n * n * (double) n / seconds;
    }
  }
}
