/**
 * Synthetic training corpora in Pythia's format with real byte-level BPE {@code tokenizer.json} files, for demos,
 * benchmarks and end-to-end tests that need no download: {@link org.stepindex.indexer.synth.SyntheticCorpus} plants
 * terms at known steps; {@link org.stepindex.indexer.synth.StudyCorpus} carries the Pythia paper's effects (Zipfian
 * arithmetic operands and entity facts, occupation-pronoun stereotypes) with the question and bias files that measure
 * them.
 */
package org.stepindex.indexer.synth;
