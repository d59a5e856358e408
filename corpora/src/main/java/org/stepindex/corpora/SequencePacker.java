package org.stepindex.corpora;

import org.stepindex.indexer.data.MegatronWriter;

/**
 * Packs a stream of token ids into fixed-length training sequences, as Pythia's data is packed:
 * documents run on across sequence boundaries, and every sequence written is full. Tokens emitted
 * once the wanted number of sequences is written are dropped, so a generator can finish its
 * document without checking after each token.
 */
final class SequencePacker {
  /** Sees each finished sequence before it is written. */
  interface Listener {
    /**
     * @param index the sequence's 0-based position in the corpus
     * @param tokens the sequence (the array is reused: read it now)
     */
    void finished(long index, int[] tokens);
  }

  private final MegatronWriter writer;
  private final long sequences;
  private final Listener listener;
  private final int[] sequence;
  private int filled;
  private long written;

  SequencePacker(MegatronWriter writer, int seqLength, long sequences, Listener listener) {
    this.writer = writer;
    this.sequences = sequences;
    this.listener = listener;
    this.sequence = new int[seqLength];
  }

  /** Whether all sequences are written. */
  boolean full() {
    return written >= sequences;
  }

  /** Sequences written so far. */
  long written() {
    return written;
  }

  /** Appends a token; writes the sequence when it is full; ignored once {@link #full()}. */
  void emit(int id) {
    if (full()) {
      return;
    }
    sequence[filled++] = id;
    if (filled == sequence.length) {
      listener.finished(written, sequence);
      writer.addSequence(sequence, 0, filled);
      written++;
      filled = 0;
    }
  }
}
