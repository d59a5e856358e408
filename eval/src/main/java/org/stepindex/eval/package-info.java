/**
 * What a checkpoint can do, joined with what it has seen: the GPT-NeoX model on DJL's PyTorch
 * engine ({@code model}), few-shot tasks and their scorers ({@code tasks}), bias evaluations
 * ({@code bias}), memorization and its Poisson analysis ({@code memorization}), correlation of
 * per-item accuracy with frequencies from the step-keyed index ({@code correlate}), and reports
 * with figures ({@code report}).
 */
package org.stepindex.eval;
