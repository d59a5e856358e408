/**
 * Social-bias evaluations scored by log-likelihood, after lm-evaluation-harness: CrowS-Pairs (the
 * share of pairs in which the more stereotyping sentence is the likelier) and WinoBias (whether the
 * written pronoun is likelier than its other-gender form, for pro- and anti-stereotypical
 * sentences). They are what shows a data intervention's effect, e.g. masculine pronouns turned
 * feminine late in training (Pythia paper §3.1).
 */
package org.stepindex.eval.bias;
