/**
 * How training steps map to sequences of the pre-tokenized data: the step layout (batch size,
 * sequence length), the checkpoint schedules whose steps are the default shard boundaries of an
 * index, and the one reader of the sequences a step trains on.
 *
 * <p>{@link org.stepindex.indexer.layout.StepLayout} and {@link
 * org.stepindex.indexer.layout.CheckpointSchedule} are pure arithmetic on step and sequence
 * numbers. {@link org.stepindex.indexer.layout.StepReader} reads the data by that arithmetic, with
 * a run's intervention applied: the index builder and the trainer both read through it, so what an
 * index counts is what a model was trained on.
 */
package org.stepindex.indexer.layout;
