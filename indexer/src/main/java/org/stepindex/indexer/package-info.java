/**
 * Turns a model suite's pre-tokenized training data into a step-keyed index: data formats ({@code
 * data}), the step layout and checkpoint schedules ({@code layout}), the tokenizer ({@code
 * tokenizer}), the counters that make each view of a sequence ({@code views}) and the shard builder
 * and manifest ({@code store}), all standing on the shared plumbing of every module ({@code base}:
 * errors, atomic and temporary files, locks, JSON, CSV).
 */
package org.stepindex.indexer;
