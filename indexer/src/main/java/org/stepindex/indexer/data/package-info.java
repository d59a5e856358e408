/**
 * Reads and writes the pre-tokenized training data a model suite publishes: Megatron's
 * memory-mapped indexed dataset (a {@code .idx} index of sequence sizes and byte offsets plus a
 * headerless {@code .bin} token stream), including the Hugging Face layout that cuts the {@code
 * .bin} into numbered byte-range shards.
 *
 * <p>{@link org.stepindex.indexer.data.MegatronDataset} is the read side and the indexing hot path:
 * it maps the files once and copies any sequence's tokens into a caller's {@code int[]}, from many
 * threads at once. {@link org.stepindex.indexer.data.MegatronWriter} writes the same format, for
 * tests and the synthetic corpus.
 */
package org.stepindex.indexer.data;
