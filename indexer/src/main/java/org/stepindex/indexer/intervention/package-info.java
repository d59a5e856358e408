/**
 * Data interventions: length-preserving changes to the training sequences from a given step on (e.g. masculine →
 * feminine pronouns), shared by the trainer (what the model is fed) and the indexer (what the intervened model saw).
 */
package org.stepindex.indexer.intervention;
