package org.stepindex.eval.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Fixes libtorch's intra-op thread count for the whole process, so that every matrix product sums
 * in the same order from the first step of a run to its last.
 *
 * <p>Why: libtorch's CPU matrix products run in Intel MKL, whose float32 sums depend on how many
 * threads share a product (measured on the tiny trainer preset: the step-6 weights after one, two
 * and four threads are three different sets of bits). Unless the count is set explicitly, MKL runs
 * in its dynamic mode and may change the count from one call to the next (Intel's reproducibility
 * conditions ask for {@code MKL_DYNAMIC=FALSE} for that reason); then two runs of the same steps in
 * one process can end in different bits, which is how a bit-exact test failed on a busy machine.
 * Setting the count through libtorch ({@code at::set_num_threads}) also turns MKL's dynamic mode
 * off, for every thread that runs torch operations afterwards.
 *
 * <p>The count kept is libtorch's own choice when this is first called: the physical cores, or the
 * value of the {@code ai.djl.pytorch.num_threads} system property (pass it in {@code
 * STEPINDEX_JAVA_OPTS} to choose another). A run resumed with a different count continues within
 * float32 rounding of the uninterrupted run, not bit for bit; the trainer records the count in each
 * checkpoint for that reason.
 */
public final class IntraOpThreads {

  private static int fixed;

  private IntraOpThreads() {}

  /**
   * Fixes the count on the first call (idempotent afterwards). Engines other than PyTorch are left
   * alone.
   *
   * @return the intra-op thread count every later torch operation of this process uses, or 0 for
   *     another engine
   */
  public static synchronized int fix() {
    if (fixed == 0 && "PyTorch".equals(Engine.getInstance().getEngineName())) {
      int count = JniUtils.getNumThreads();
      JniUtils.setNumThreads(count);
      fixed = count;
    }
    return fixed;
  }
}
