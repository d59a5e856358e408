/**
 * What the data had shown the model by a step: where a query occurs in the training text, in
 * training order ({@code find}); when it was seen, first, n-th and last, and in which intervals
 * ({@code exposures}); and which tokens followed a token context, with exact counts and an
 * infini-gram back-off ({@code next}).
 *
 * <p>{@link org.stepindex.query.history.History} answers all three over an open {@link
 * org.stepindex.query.FrequencyIndex}, for the command line and the server alike. {@code exposures}
 * reads the match sets counts use; {@code find} and {@code next} walk a query's postings in
 * training order and read the matched sequences from the training data as the index counted them
 * ({@code TrainingText}), checking that each holds what the index found there. Every number is
 * exact: the tests check each against a scan of the {@code .bin}.
 */
package org.stepindex.query.history;
