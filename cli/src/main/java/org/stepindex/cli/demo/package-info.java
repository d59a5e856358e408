/**
 * A mini-Pythia study end to end: a synthetic corpus, a suite of tiny GPT-NeoX models trained in
 * the exact data order, the step-keyed index, few-shot evaluation of every checkpoint joined with
 * frequencies, a pronoun-swap intervention with bias evaluations of both runs, and the report. What
 * {@code stepindex demo} runs; it lives here, beside that command, because it drives every module
 * and no library needs it.
 */
package org.stepindex.cli.demo;
