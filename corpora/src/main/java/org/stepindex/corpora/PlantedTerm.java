package org.stepindex.corpora;

/**
 * A term the synthesizer planted, with the exact truth the index must reproduce.
 *
 * @param text the term as a text-view query (a word, or a quoted phrase)
 * @param firstStep the step of the first sequence that contains it (nothing before)
 * @param steps the steps at which the truth is given (the corpus's {@code pythia} checkpoints and
 *     its last step)
 * @param sequences at each of {@code steps}: sequences in {@code [0, step·B)} containing the term
 * @param occurrences at each of {@code steps}: occurrences in {@code [0, step·B)}
 */
public record PlantedTerm(
    String text, long firstStep, long[] steps, long[] sequences, long[] occurrences) {}
