package org.stepindex.eval.tasks;

import java.util.List;

/**
 * One TriviaQA prompt.
 *
 * @param question the question asked
 * @param k the number of solved examples before it
 * @param template how the prompt is worded
 * @param prompt the full prompt
 */
public record TriviaItem(TriviaQuestion question, int k, TriviaTemplate template, String prompt)
    implements TaskItem {

  @Override
  public String op() {
    return null;
  }

  /** As the template scores ({@link TriviaTemplate#correct}). */
  @Override
  public boolean correct(String prediction) {
    return template.correct(prediction, question);
  }

  @Override
  public Instance instance(Checkpoint checkpoint, String prediction, boolean correct) {
    return new Instance(
        TriviaQaTask.NAME,
        checkpoint.model(),
        checkpoint.step(),
        k,
        template.id(),
        question.id(),
        question.question(),
        prompt,
        prediction,
        question.answers(),
        correct);
  }

  /**
   * One line of the TriviaQA instances file, fields in file order.
   *
   * @param task always {@code triviaqa}
   * @param model the checkpoint directory
   * @param step the checkpoint's training step, or null when unknown
   * @param k the number of shots
   * @param template the template's name
   * @param id the question's id
   * @param question the question as written
   * @param prompt the full prompt
   * @param prediction the completion, cut at the stop string
   * @param targets every accepted answer
   * @param correct whether the prediction matches one of them
   */
  public record Instance(
      String task,
      String model,
      Long step,
      int k,
      String template,
      String id,
      String question,
      String prompt,
      String prediction,
      List<String> targets,
      boolean correct) {}
}
