/**
 * The one GPT-NeoX model definition: Hugging Face {@code GPTNeoXForCausalLM} checkpoints
 * (safetensors) loaded into DJL NDArrays, the forward pass with a key/value cache, greedy
 * generation and log-likelihood scoring.
 *
 * <p>{@link org.stepindex.eval.model.GptNeoX} follows transformers' {@code modeling_gpt_neox.py}
 * operation by operation, so that logits match it (pinned by the parity fixtures under {@code
 * src/test/resources/gptneox}); its parameters are plain NDArrays under their Hugging Face names,
 * so the trainer can attach gradients to them and save them back with {@link
 * org.stepindex.eval.model.SafetensorsWriter}.
 */
package org.stepindex.eval.model;
