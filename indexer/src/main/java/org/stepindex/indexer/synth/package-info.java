/**
 * A synthetic training corpus in Pythia's format, with a real byte-level BPE {@code tokenizer.json} and terms
 * planted at known steps, for demos, benchmarks and end-to-end tests that need no download.
 */
package org.stepindex.indexer.synth;
