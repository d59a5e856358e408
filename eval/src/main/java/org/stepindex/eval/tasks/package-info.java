/**
 * Few-shot tasks and the runner that puts them to checkpoints: arithmetic ({@link
 * org.stepindex.eval.tasks.ArithmeticTask}) and TriviaQA ({@link org.stepindex.eval.tasks.TriviaQaTask}) build every
 * prompt up front, reproducibly from a seed; {@link org.stepindex.eval.tasks.EvalRunner} completes them with one
 * {@link org.stepindex.eval.model.Completer} per checkpoint and writes per-item JSONL and a summary per checkpoint
 * ({@link org.stepindex.eval.tasks.EvalFiles} names them).
 *
 * <p>Prompts follow lm-evaluation-harness's few-shot context exactly ({@link org.stepindex.eval.tasks.FewShotPrompt});
 * each template says which source it reproduces and where it departs from it.
 */
package org.stepindex.eval.tasks;
