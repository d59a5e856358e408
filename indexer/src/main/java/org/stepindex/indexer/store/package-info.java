/**
 * Builds and describes a step-keyed index: immutable step-range shards (one Lucene index each, sequences added in
 * training order so that doc id order is sequence order) plus a manifest that records the layout, the tokenizer and
 * data fingerprints, the views and every shard. A shard is the unit of work: built alone, in parallel, and published
 * by an atomic rename, so a killed build leaves only whole shards behind. Views can be added to an existing index
 * ({@link org.stepindex.indexer.store.ViewAdder}) as per-shard side indexes, built under the same discipline.
 */
package org.stepindex.indexer.store;
