/**
 * Joins what a checkpoint can do with what it has seen: per-item accuracy from the eval output
 * files, joined with frequencies from a step-keyed {@link org.stepindex.query.FrequencyIndex} at
 * each checkpoint's step.
 *
 * <ul>
 *   <li>{@link org.stepindex.eval.correlate.ArithmeticCorrelation}: accuracy per first operand
 *       against the operand's frequency, with Spearman's ρ and the Pythia paper's performance gap Δ
 *       per checkpoint, k and operation.
 *   <li>{@link org.stepindex.eval.correlate.TriviaCorrelation}: accuracy per QA pair against the
 *       number of training sequences holding a question entity and an answer alias (Kandpal et al.
 *       2022), binned on a log scale.
 *   <li>{@link org.stepindex.eval.correlate.TermTimelines}: cumulative counts of chosen terms at
 *       many steps.
 * </ul>
 *
 * <p>Every writer here writes its files into a temporary directory and moves them into place only
 * when all are complete ({@link org.stepindex.eval.correlate.OutputDir}), so a failure never leaves
 * a half-written table.
 */
package org.stepindex.eval.correlate;
