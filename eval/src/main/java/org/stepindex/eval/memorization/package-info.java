/**
 * Carlini-style (k, ℓ) extractability of training sequences, as the Pythia memorization study
 * measures it: a k-token prompt from a training sequence, ℓ greedy tokens, the fraction of them
 * equal to the sequence's own continuation; and whether memorized sequences are spread over
 * training like a Poisson process (Pythia paper §3.2).
 */
package org.stepindex.eval.memorization;
