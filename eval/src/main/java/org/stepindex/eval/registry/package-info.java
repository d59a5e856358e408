/**
 * The registry of eval tasks, as {@code Views} is for views: {@link
 * org.stepindex.eval.registry.EvalTasks} names every task a user can ask for, and each {@link
 * org.stepindex.eval.registry.TaskDefinition} brings what the commands need of it: its help, how it
 * reads the options of {@code stepindex eval} and prepares a run, the unit its progress counts, how
 * its summaries print, the report section they appear in, and its join with frequencies ({@link
 * org.stepindex.eval.registry.Correlation}, {@code stepindex correlate}) when it has one. {@code
 * stepindex eval}, {@code correlate} and {@code report} look tasks up here: adding a task is a
 * definition listed in {@code EvalTasks}.
 *
 * <p>This package sits above the tasks ({@code tasks}, {@code bias}, {@code memorization}), the
 * correlations ({@code correlate}) and the report's sections ({@code report}); the report is given
 * its list of sections from here by its callers, so that no arrow points back up.
 */
package org.stepindex.eval.registry;
