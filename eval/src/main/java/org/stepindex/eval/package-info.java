/**
 * What a checkpoint can do, joined with what it has seen: the GPT-NeoX model on DJL's PyTorch engine
 * ({@code model}), few-shot tasks and their scorers ({@code tasks}), correlation of per-item accuracy with
 * frequencies from the step-keyed index ({@code correlate}), and reports with figures ({@code report}).
 */
package org.stepindex.eval;
