package org.stepindex.eval.registry;

import java.nio.file.Path;

/**
 * The values of {@code stepindex correlate}'s options as given (null where not given); each
 * correlation reads those it takes.
 *
 * @param view arithmetic: how the first operand is counted ({@code pythia-numbers}, {@code text},
 *     {@code tokens})
 * @param measure arithmetic: {@code occurrences} or {@code sequences}
 * @param tokenizer arithmetic, tokens view: the {@code tokenizer.json}, null for the index's
 * @param entities triviaqa: question entities per question id (text view)
 * @param qaEntities triviaqa: question and answer entities per question (entities view)
 */
public record CorrelateOptions(
    String view, String measure, Path tokenizer, Path entities, Path qaEntities) {}
