/**
 * The task contract, the one runner that puts tasks to checkpoints, and the few-shot tasks: a task
 * is a {@link org.stepindex.eval.tasks.ModelTask} over the model interface it needs ({@link
 * org.stepindex.eval.tasks.TextCompleter}, {@link org.stepindex.eval.tasks.TextScorer}, {@link
 * org.stepindex.eval.tasks.IdsGenerator}); {@link org.stepindex.eval.tasks.EvalRunner} evaluates it
 * at each checkpoint in turn and writes per-item JSONL and a summary per checkpoint ({@link
 * org.stepindex.eval.tasks.EvalFiles} names them).
 *
 * <p>Arithmetic ({@link org.stepindex.eval.tasks.ArithmeticTask}) and TriviaQA ({@link
 * org.stepindex.eval.tasks.TriviaQaTask}) build every prompt up front, reproducibly from a seed;
 * {@link org.stepindex.eval.tasks.CompletionTask} completes them in batches and sums up their
 * accuracy.
 *
 * <p>Prompts follow lm-evaluation-harness's few-shot context exactly ({@link
 * org.stepindex.eval.tasks.FewShotPrompt}); each template says which source it reproduces and where
 * it departs from it.
 */
package org.stepindex.eval.tasks;
