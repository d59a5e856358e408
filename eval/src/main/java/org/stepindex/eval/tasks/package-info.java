/**
 * Few-shot tasks and the runner that puts them to checkpoints: arithmetic ({@link
 * org.stepindex.eval.tasks.ArithmeticTask}) and TriviaQA ({@link org.stepindex.eval.tasks.TriviaQaTask}) build every
 * prompt up front, reproducibly from a seed; {@link org.stepindex.eval.tasks.EvalRunner} completes them with one
 * {@link org.stepindex.eval.model.Completer} per checkpoint and writes per-item JSONL and a summary per checkpoint
 * ({@link org.stepindex.eval.tasks.EvalFiles} names them).
 *
 * <p>Tasks that need more of a model than text completion implement {@link org.stepindex.eval.tasks.ModelTask} over
 * a model interface of their own ({@link org.stepindex.eval.tasks.TextScorer} for the likelihood-scored bias tasks,
 * {@link org.stepindex.eval.tasks.IdsGenerator} for memorization); {@link org.stepindex.eval.tasks.ModelTaskRunner}
 * runs them with the same output contract.
 *
 * <p>Prompts follow lm-evaluation-harness's few-shot context exactly ({@link org.stepindex.eval.tasks.FewShotPrompt});
 * each template says which source it reproduces and where it departs from it.
 */
package org.stepindex.eval.tasks;
