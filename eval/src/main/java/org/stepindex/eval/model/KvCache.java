package org.stepindex.eval.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * The keys and values (after rotary embedding) that earlier {@link GptNeoX#forward} calls computed,
 * per layer, so that incremental decoding feeds only the new tokens.
 *
 * <p>Each layer holds arrays of shape {@code [batch, heads, length, head_size]}. A cache belongs to
 * one batch: pass the same rows, in the same order, with an attention mask that covers the cached
 * positions and the new ones.
 */
public final class KvCache implements AutoCloseable {

  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private int length;

  KvCache(NDManager parent, int layers) {
    this.manager = parent.newSubManager();
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
  }

  /**
   * Returns how many positions the cache holds.
   *
   * @return the cached sequence length (0 for a new cache)
   */
  public int length() {
    return length;
  }

  NDArray keys(int layer) {
    return keys[layer];
  }

  NDArray values(int layer) {
    return values[layer];
  }

  /** Replaces a layer's keys and values with longer ones, taking them out of the caller's scope. */
  void put(int layer, NDArray newKeys, NDArray newValues) {
    NDScope.unregister(newKeys, newValues);
    newKeys.attach(manager);
    newValues.attach(manager);
    if (keys[layer] != null) {
      keys[layer].close();
      values[layer].close();
    }
    keys[layer] = newKeys;
    values[layer] = newValues;
  }

  /** Records that every layer now holds {@code tokens} more positions. */
  void advance(int tokens) {
    length += tokens;
  }

  /** Frees the cached arrays. */
  @Override
  public void close() {
    manager.close();
  }
}
