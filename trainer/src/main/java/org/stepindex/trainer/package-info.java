/**
 * Training GPT-NeoX in the exact data order of a suite: step {@code s} trains on sequences {@code
 * [s·B, (s+1)·B)}, with gradient accumulation, AdamW and Pythia's learning-rate schedule;
 * checkpoints in the Hugging Face layout with the optimizer, schedule and RNG state for an exact
 * resume; and data interventions from a chosen step on.
 */
package org.stepindex.trainer;
