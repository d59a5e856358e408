/**
 * How training steps map to sequences of the pre-tokenized data: the step layout (batch size, sequence length) and the
 * checkpoint schedules whose steps are the default shard boundaries of an index.
 *
 * <p>Everything here is pure arithmetic on step and sequence numbers; nothing reads data.
 */
package org.stepindex.indexer.layout;
