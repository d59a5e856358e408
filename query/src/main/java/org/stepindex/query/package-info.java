/**
 * The frequency engine: exact counts of a query in the sequences seen by a checkpoint, in a step
 * range, or at every checkpoint of a schedule; sequence-level co-occurrence; batch queries.
 *
 * <p>A count at a shard boundary is a sum of per-shard statistics ({@code docFreq}, {@code
 * totalTermFreq}, read for every shard at once from the index's term statistics table, {@code
 * TermStats}, where it matches the shards) or of cached per-shard match sets ({@link
 * org.stepindex.query.ShardMatches}); a step inside a shard walks only that shard's matches up to
 * the step's first doc id. Views added to an index later are side indexes read together with their
 * shard; the {@code entities} view's declared pairs make entity co-occurrence term statistics, and
 * two terms of any view are otherwise intersected at the cost of the rarer one's postings; with a
 * {@code bigrams} view, text-view phrases are bigram term statistics or bigram phrases.
 *
 * <p>{@link org.stepindex.query.FrequencyIndex} is the engine's facade. Behind it, {@code ShardSet}
 * holds the open shards, their statistics and the view policy, and maps step ranges onto shards;
 * {@code QueryCache} remembers compiled queries and each query's per-shard state ({@code
 * QueryState}) within a memory bound; {@code Cooccurrence} picks how two queries' co-occurrence is
 * counted.
 */
package org.stepindex.query;
