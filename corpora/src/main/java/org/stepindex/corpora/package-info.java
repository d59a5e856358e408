/**
 * Synthetic training corpora in Pythia's format with real byte-level BPE {@code tokenizer.json}
 * files, for demos, benchmarks and end-to-end tests that need no download: {@link
 * org.stepindex.corpora.SyntheticCorpus} plants terms at known steps; {@link
 * org.stepindex.corpora.StudyCorpus} carries the Pythia paper's effects (Zipfian arithmetic
 * operands and entity facts, occupation-pronoun stereotypes) with the question and bias files that
 * measure them.
 *
 * <p>A module of its own, directly above {@code indexer}: the tests of every module above take it
 * in test scope, the benchmarks and the demo at run time, and no library jar carries it.
 */
package org.stepindex.corpora;
