/**
 * Training orders: which tokens training sequence {@code i} holds, for each way a suite publishes
 * its data order. Step {@code s} trains on sequences {@code [s·B, (s+1)·B)} of the order ({@link
 * org.stepindex.indexer.layout.StepLayout}); what a sequence is depends on the order:
 *
 * <ul>
 *   <li>{@link org.stepindex.indexer.order.PreShuffledOrder}: sequence {@code i} of a pre-shuffled
 *       Megatron dataset (Pythia's published files), as stepindex has always read it;
 *   <li>{@link org.stepindex.indexer.order.MegatronOrder}: GPT-NeoX's {@code GPT2Dataset} over an
 *       unshuffled dataset and its three cached maps ({@code doc_idx}, {@code sample_idx}, {@code
 *       shuffle_idx}), the rule of {@link org.stepindex.indexer.order.MegatronSampleRule}
 *       (PolyPythias, any GPT-NeoX or Megatron run);
 *   <li>{@link org.stepindex.indexer.order.OlmoOrder}: OLMo's fixed-length instances of its token
 *       files, in the order of its {@code global_indices.npy}, the rule of {@link
 *       org.stepindex.indexer.order.OlmoInstanceRule}.
 * </ul>
 *
 * <p>Every order is a {@link org.stepindex.indexer.order.SequenceSource}; its maps are validated
 * when it opens, each problem one line, before any work starts. {@link
 * org.stepindex.indexer.order.OrderSpec} is what the user asked for, {@link
 * org.stepindex.indexer.order.RecordedOrder} what an index's manifest records of it.
 */
package org.stepindex.indexer.order;
