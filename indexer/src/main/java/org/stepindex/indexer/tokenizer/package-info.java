/**
 * Tokenizers: reading a Hugging Face {@code tokenizer.json} and turning token ids back into text.
 *
 * <p>{@link org.stepindex.indexer.tokenizer.HfTokenizer} is the project's one tokenizer. It decodes
 * byte-level BPE (Pythia's GPT-NeoX tokenizer, GPT-2) in Java from an id → bytes table, because
 * decoding every training sequence is the indexing hot path, and it splits a sequence at special
 * tokens into the segments the views index. Everything else (encoding queries, decoders other than
 * ByteLevel) goes through DJL's binding of the Hugging Face library, which is also the reference
 * the tests hold the Java decoder to.
 *
 * <p>{@link org.stepindex.indexer.tokenizer.ByteLevelBpeWriter} writes small real tokenizer files
 * for tests and for the synthetic corpus generator.
 */
package org.stepindex.indexer.tokenizer;
