/**
 * Data interventions: length-preserving changes to the training sequences from a given step on
 * (e.g. masculine → feminine pronouns), shared by the trainer (what the model is fed) and the
 * indexer (what the intervened model saw).
 *
 * <p>{@link org.stepindex.indexer.intervention.Interventions#parse} reads a spec ({@code
 * swap-pronouns@pct:7}, {@code replace-words:cat=dog@13000}) into an {@link
 * org.stepindex.indexer.intervention.Intervention} whose token map is derived from the tokenizer:
 * only forms that are one token on both sides are swapped, whole words only, and the rest are
 * reported in {@code describe()}.
 */
package org.stepindex.indexer.intervention;
