package org.stepindex.eval.tasks;

/**
 * One arithmetic prompt.
 *
 * @param operation the operation asked
 * @param k the number of solved examples before the question
 * @param template how the prompt is worded
 * @param x1 the first operand
 * @param x2 the second operand
 * @param prompt the full prompt
 * @param target the answer, in decimal
 */
public record ArithmeticItem(
    Operation operation,
    int k,
    ArithmeticTemplate template,
    int x1,
    int x2,
    String prompt,
    String target)
    implements TaskItem {

  @Override
  public String op() {
    return operation.word();
  }

  @Override
  public boolean correct(String prediction) {
    return ArithmeticScorer.correct(prediction, target);
  }

  @Override
  public Instance instance(Checkpoint checkpoint, String prediction, boolean correct) {
    return new Instance(
        ArithmeticTask.NAME,
        checkpoint.model(),
        checkpoint.step(),
        op(),
        k,
        template.id(),
        x1,
        x2,
        prompt,
        prediction,
        target,
        correct);
  }

  /**
   * One line of the arithmetic instances file, fields in file order.
   *
   * @param task always {@code arithmetic}
   * @param model the checkpoint directory
   * @param step the checkpoint's training step, or null when unknown
   * @param op the operation's word
   * @param k the number of shots
   * @param template the template's name
   * @param x1 the first operand
   * @param x2 the second operand
   * @param prompt the full prompt
   * @param prediction the completion, cut at the stop string
   * @param target the answer
   * @param correct whether the prediction is right ({@link ArithmeticScorer})
   */
  public record Instance(
      String task,
      String model,
      Long step,
      String op,
      int k,
      String template,
      int x1,
      int x2,
      String prompt,
      String prediction,
      String target,
      boolean correct) {}
}
