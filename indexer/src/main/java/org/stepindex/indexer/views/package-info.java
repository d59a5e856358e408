/**
 * The views of a training sequence: the counters applied at index time. Each view is one Lucene
 * field, named after the view, in the document that represents one training sequence.
 *
 * <p>A sequence is split at special tokens (document boundaries) into segments, and the views add
 * each segment as a separate instance of their field. The index analyzer ({@link
 * org.stepindex.indexer.views.Views#indexAnalyzer()}) puts a gap of {@link
 * org.stepindex.indexer.views.View#BOUNDARY_GAP} positions between instances, so no phrase or
 * n-gram matches across a boundary. {@code pythia-numbers} is the exception on purpose: it
 * reproduces a script that counted each whole decoded sequence, specials included.
 *
 * <p>Views: {@code text} (lower-cased words, {@link org.stepindex.indexer.views.TextView}), {@code
 * tokens} (raw token ids, {@link org.stepindex.indexer.views.TokensView}), {@code pythia-numbers}
 * (the Pythia study's number, pair and time-unit counts, {@link
 * org.stepindex.indexer.views.PythiaNumbersView}) and the optional {@code bigrams} (adjacent word
 * pairs, {@link org.stepindex.indexer.views.BigramsView}). The {@code entities} view lives in
 * {@link org.stepindex.indexer.entities}, because it needs a dictionary.
 */
package org.stepindex.indexer.views;
