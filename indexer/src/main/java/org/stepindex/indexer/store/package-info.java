/**
 * Builds and describes a step-keyed index: immutable step-range shards (one Lucene index each,
 * sequences added in training order so that doc id order is sequence order) plus a manifest that
 * records the layout, the tokenizer and data fingerprints, the views and every shard. A shard is
 * the unit of work: built alone, in parallel, and published by an atomic rename, so a killed build
 * leaves only whole shards behind. One pipeline ({@code ShardPipeline}) plans, builds and publishes
 * the shards of every writer, and its plan ({@link org.stepindex.indexer.store.ShardPlan}) is a
 * value that can be divided among tasks. Several writers may build into one index at once: each
 * shard is claimed before it is built ({@link org.stepindex.indexer.store.ShardClaims}) and
 * published under a short lock ({@link org.stepindex.indexer.store.IndexLock}); a run that must be
 * the only writer of its directory takes a {@link org.stepindex.indexer.base.WriterLock}. Views can
 * be added to an existing index ({@link org.stepindex.indexer.store.ViewAdder}) as per-shard side
 * indexes, built under the same discipline. Every run ends by bringing the index's term statistics
 * table ({@link org.stepindex.indexer.store.TermStatsTable}) in line with the manifest: every
 * shard's term statistics in one place, so that a count at a checkpoint costs the same whatever the
 * number of shards. Every path inside an index directory is named by {@link
 * org.stepindex.indexer.store.IndexLayout}, for the writers and the readers alike.
 */
package org.stepindex.indexer.store;
