/**
 * The benchmark behind {@code stepindex bench}: on a synthesized corpus it builds a step index,
 * times counts, phrase counts, co-occurrences and 154-step timelines, and answers the same queries
 * with two baselines measured in the same run, a brute-force scan of the {@code .bin} ({@link
 * org.stepindex.bench.query.ScanMethod}) and one plain Lucene index with a step field filtered by a
 * range query ({@link org.stepindex.bench.query.NaiveLuceneMethod}).
 *
 * <p>Before anything is timed the three methods must agree on every count the benchmark asks for
 * ({@link org.stepindex.bench.query.CorrectnessGuard}): a benchmark of wrong answers is worthless.
 * Speed is reported only as ratios against the baselines of the same run, on the same machine.
 *
 * <p>{@code bench --scale} ({@link org.stepindex.bench.query.ScaleBench}) measures growth instead:
 * the same cold queries at several corpus sizes built in one run, each checked first ({@link
 * org.stepindex.bench.query.ScaleGuard}), reported as ratios against the smallest size, and the
 * term-statistics queries again shard by shard (the baseline of the term statistics table), also
 * from disk ({@code PageCache}).
 */
package org.stepindex.bench.query;
