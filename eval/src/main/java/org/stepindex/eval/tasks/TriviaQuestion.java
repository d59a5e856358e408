package org.stepindex.eval.tasks;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * A TriviaQA question and its accepted answers.
 *
 * @param id the {@code QuestionId}
 * @param question the question as written
 * @param value the answer's canonical form ({@code Answer.Value})
 * @param aliases other accepted forms ({@code Answer.Aliases}); may be empty
 * @param normalizedAliases the dataset's normalized forms ({@code Answer.NormalizedAliases}); may
 *     be empty
 */
public record TriviaQuestion(
    String id,
    String question,
    String value,
    List<String> aliases,
    List<String> normalizedAliases) {

  public TriviaQuestion {
    aliases = List.copyOf(aliases);
    normalizedAliases = List.copyOf(normalizedAliases);
  }

  /**
   * Every accepted answer, without repeats: the value, then the aliases, then the normalized
   * aliases.
   */
  public List<String> answers() {
    var all = new LinkedHashSet<String>();
    all.add(value);
    all.addAll(aliases);
    all.addAll(normalizedAliases);
    return List.copyOf(all);
  }
}
