/**
 * The benchmarks, out of the library modules: the index against a scan of the data and plain
 * Lucene, and its growth with the data ({@code query}), the model's forward and training FLOP/s
 * against the engine's matmul peak ({@code model}), and the server's load generator ({@code
 * serve}). Here, the synthetic index the start-up and server benchmarks run against ({@link
 * org.stepindex.bench.BenchIndex}). The {@code bench*} commands of the CLI call into this module;
 * no library module depends on it.
 */
package org.stepindex.bench;
