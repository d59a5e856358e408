/**
 * Checkpoints evaluated and joined with the data: the GPT-NeoX model ({@code model}), the study's
 * tasks, the model against the data's statistics, the correlations and the report.
 */
module org.stepindex.eval {
  requires transitive org.stepindex.query;
  requires transitive ai.djl.api;
  requires transitive org.jfree.jfreechart;
  requires ai.djl.pytorch_engine;
  requires java.desktop;
  requires org.jfree.svg;

  exports org.stepindex.eval.agreement;
  exports org.stepindex.eval.bias;
  exports org.stepindex.eval.correlate;
  exports org.stepindex.eval.memorization;
  exports org.stepindex.eval.model;
  exports org.stepindex.eval.registry;
  exports org.stepindex.eval.report;
  exports org.stepindex.eval.tasks;
}
