/**
 * The model against the data (issue #17's {@code ngram-agreement}): for token contexts and a
 * checkpoint {@code stepS}, the model's next-token distribution set against the data's n-gram
 * distributions at step {@code S} for n = 1…4 and ∞ (infini-gram's longest seen suffix), as Belrose
 * et al. (2024) compare Pythia's checkpoints with the n-gram statistics of its data. The data side
 * is exact, from the index and the training data ({@code query.history}).
 */
package org.stepindex.eval.agreement;
