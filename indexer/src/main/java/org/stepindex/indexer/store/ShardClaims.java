package org.stepindex.indexer.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.stepindex.indexer.base.LockFile;
import org.stepindex.indexer.base.StepIndexException;

/**
 * Claims on the shards of an index being built, so that several writers (threads, processes,
 * cluster tasks on shared storage) share the work shard by shard: a shard is claimed before it is
 * built ({@code shards/.claim-NAME}, an operating-system lock) and the claim is released once the
 * shard is published.
 *
 * <p>A claim dies with its process, so a claim of a killed writer is free again and the next writer
 * takes the shard over: it deletes the half-built temporary directory and builds the shard anew.
 * Claims only share work; what makes a shard part of the index is its publication under the {@link
 * IndexLock}, which checks the manifest again, so in the rare case that two writers build the same
 * shard (see {@link LockFile}) the second simply discards its copy.
 */
public final class ShardClaims {
  private final IndexLayout paths;
  private final Path shardsDir;

  /**
   * The claims on the shards of the index in {@code indexDir}, whose {@code shards/} directory must
   * exist.
   */
  public ShardClaims(Path indexDir) {
    this.paths = IndexLayout.of(indexDir);
    this.shardsDir = paths.shards();
  }

  /** Claims shard {@code name}; null if another writer holds it. */
  public Claim tryClaim(String name) {
    try {
      LockFile lock = LockFile.tryLock(file(name));
      if (lock == null) {
        return null;
      }
      try {
        lock.writePid();
      } catch (IOException e) {
        lock.deleteAndRelease();
        throw e;
      }
      return new Claim(name, lock);
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot claim shard " + name + " in " + shardsDir + ": " + e.getMessage(), e);
    }
  }

  /** The process id of the writer holding the claim on {@code name}, if it is held and says so. */
  public OptionalLong holder(String name) {
    return LockFile.holderPid(file(name));
  }

  /**
   * Removes the claim files no one holds whose claim name starts with {@code prefix} ("" for all):
   * the files of writers killed after they published a shard but before they released its claim.
   * Returns whether another writer holds one of them.
   */
  public boolean removeFree(String prefix) throws IOException {
    if (!Files.isDirectory(shardsDir)) {
      return false;
    }
    boolean held = false;
    try (Stream<Path> entries = Files.list(shardsDir)) {
      for (Path entry : entries.filter(IndexLayout::isClaim).toList()) {
        String name = IndexLayout.claimOf(entry);
        if (name.startsWith(prefix)) {
          try (Claim claim = tryClaim(name)) { // a claim closed here removes its file
            held |= claim == null;
          }
        }
      }
    }
    return held;
  }

  private Path file(String name) {
    return paths.claim(name);
  }

  /** A held claim on one shard; {@link #close} releases it and removes its file. */
  public static final class Claim implements AutoCloseable {
    private final String name;
    private final LockFile lock;

    private Claim(String name, LockFile lock) {
      this.name = name;
      this.lock = lock;
    }

    /** The claimed shard's name. */
    public String name() {
      return name;
    }

    @Override
    public void close() {
      try {
        lock.deleteAndRelease();
      } catch (IOException e) {
        // A claim file left behind is free (its lock went with the channel) and is reused by the
        // next claim.
      }
    }
  }
}
