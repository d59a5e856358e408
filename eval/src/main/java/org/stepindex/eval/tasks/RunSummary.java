package org.stepindex.eval.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accuracy of one checkpoint on one task: the summary file's content.
 *
 * @param task the task's name
 * @param model the checkpoint directory
 * @param step the checkpoint's training step, or null when unknown
 * @param n the number of prompts
 * @param accuracy the fraction answered correctly
 * @param byK accuracy per shot count, keyed by k in decimal, in ascending k
 * @param byOp accuracy per operation word, in the options' order; absent for tasks without
 *     operations
 */
public record RunSummary(
    String task,
    String model,
    Long step,
    int n,
    double accuracy,
    Map<String, Double> byK,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> byOp) {

  public RunSummary {
    byK = Collections.unmodifiableMap(new LinkedHashMap<>(byK));
    byOp = byOp == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(byOp));
  }
}
