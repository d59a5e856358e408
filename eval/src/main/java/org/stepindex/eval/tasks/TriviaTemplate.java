package org.stepindex.eval.tasks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.stepindex.indexer.base.StepIndexException;

/** How a TriviaQA question is worded, which answer its shots show, and where generation stops. */
public enum TriviaTemplate {
  /**
   * The Pythia study ({@code case-studies/term_frequency/trivia_qa.py}, {@code
   * TriviaQA.doc_to_text} and {@code doc_to_target}): {@code Q:{question} A:}, a shot's answer is
   * {@code Answer.Value}, generation stops at {@code "\n"}. That file joins text and target ({@code
   * " " + value}) directly, so a shot reads {@code "Q:... A: value"} with one space; the later YAML
   * port of the same task ({@code trivia_qa/long_tail_performance_train.yaml}) would add lm-eval's
   * target delimiter to {@code " {{answer.value}}"} and write two spaces, which is not followed.
   */
  PYTHIA("pythia", List.of("\n")) {
    @Override
    public String question(String question) {
      return "Q:" + question + " A:";
    }

    @Override
    public String shotAnswer(TriviaQuestion q) {
      return q.value();
    }

    /**
     * The study's {@code process_results}: exact match after {@link SquadNormalizer} against the
     * question's {@code Answer.Aliases} after {@link #removePrefixes} (only the aliases: not the
     * value, not the normalized aliases; a question without aliases, on which the study's code
     * would fail, is matched against its value).
     */
    @Override
    public boolean correct(String prediction, TriviaQuestion q) {
      String p = SquadNormalizer.normalize(prediction);
      return removePrefixes(q.aliases().isEmpty() ? List.of(q.value()) : q.aliases()).stream()
          .anyMatch(a -> SquadNormalizer.normalize(a).equals(p));
    }
  },

  /**
   * lm-evaluation-harness's {@code triviaqa} task ({@code lm_eval/tasks/triviaqa/default.yaml}):
   * {@code Question: {question}?\nAnswer:}. The {@code ?} is added even though most TriviaQA
   * questions already end in one, so those prompts read {@code "...??\nAnswer:"}, byte for byte
   * what the harness sends. The target is the alias list; a shot shows its first alias (the harness
   * writes {@code str(target[0])} for a list target), or the value if there is no alias. Generation
   * stops at {@code "\n"}, {@code "."} or {@code ","}, the harness's {@code until}.
   */
  LM_EVAL("lm-eval", List.of("\n", ".", ",")) {
    @Override
    public String question(String question) {
      return "Question: " + question + "?\nAnswer:";
    }

    @Override
    public String shotAnswer(TriviaQuestion q) {
      return q.aliases().isEmpty() ? q.value() : q.aliases().getFirst();
    }

    /**
     * Exact match after {@link SquadNormalizer} against any accepted answer ({@link
     * TriviaQuestion#answers()}).
     */
    @Override
    public boolean correct(String prediction, TriviaQuestion q) {
      String p = SquadNormalizer.normalize(prediction);
      return q.answers().stream().anyMatch(a -> SquadNormalizer.normalize(a).equals(p));
    }
  };

  private final String id;
  private final List<String> stopStrings;

  TriviaTemplate(String id, List<String> stopStrings) {
    this.id = id;
    this.stopStrings = stopStrings;
  }

  /** The name in options and output files. */
  public String id() {
    return id;
  }

  /** Where greedy generation stops. */
  public List<String> stopStrings() {
    return stopStrings;
  }

  /** The question's text, ending where the answer starts. */
  public abstract String question(String question);

  /** The answer a solved example shows after the target delimiter. */
  public abstract String shotAnswer(TriviaQuestion q);

  /** Whether {@code prediction} (the completion cut at the stop string) answers {@code q}. */
  public abstract boolean correct(String prediction, TriviaQuestion q);

  /**
   * The study's {@code _remove_prefixes}: sort the aliases (Python's order: by code point), keep
   * the first, then keep an alias only if it does not start with the alias kept last. So {@code
   * ["Paris", "Paris, France", "paris"]} keeps {@code "Paris"} and {@code "paris"}, and a
   * prediction "Paris, France" no longer matches.
   *
   * @param aliases the aliases, at least one
   * @return the kept aliases, sorted
   */
  static List<String> removePrefixes(List<String> aliases) {
    List<String> sorted = new ArrayList<>(aliases);
    sorted.sort(TriviaTemplate::compareCodePoints);
    List<String> kept = new ArrayList<>();
    kept.add(sorted.getFirst());
    for (String alias : sorted.subList(1, sorted.size())) {
      if (!alias.startsWith(kept.getLast())) {
        kept.add(alias);
      }
    }
    return kept;
  }

  private static int compareCodePoints(String a, String b) {
    return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  /**
   * The template named {@code id}.
   *
   * @throws StepIndexException if there is none
   */
  public static TriviaTemplate parse(String id) {
    for (TriviaTemplate t : values()) {
      if (t.id.equalsIgnoreCase(id.strip())) {
        return t;
      }
    }
    throw new StepIndexException(
        "unknown TriviaQA template '"
            + id
            + "'; expected one of "
            + Arrays.stream(values()).map(TriviaTemplate::id).collect(Collectors.joining(", ")));
  }
}
