/**
 * The model's throughput, behind {@code stepindex bench-model} ({@link
 * org.stepindex.bench.model.ModelBench}: forward passes) and {@code stepindex bench-train} ({@link
 * org.stepindex.bench.model.TrainBench}: whole training steps), each reported beside the engine's
 * float32 matrix-multiply peak measured in the same run.
 */
package org.stepindex.bench.model;
