package org.stepindex.indexer.store;

import java.nio.file.Path;
import java.util.Objects;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.order.RecordedOrder;

/**
 * The first way two builds of one index differ, in the order a user would look: layout, tokenizer,
 * training order, data, views, shard schedule, intervention. An index is extended only by a build
 * that differs in none, and a cluster build's tasks are merged only when they all agree; each
 * refusal names what differs.
 *
 * @param what what differs, e.g. {@code views}
 * @param was what the index (or the first task) was built with
 * @param now what the other build has
 */
record BuildDifference(String what, Object was, Object now) {

  /**
   * The first difference between the index's build and another's (their shards aside); null when
   * there is none.
   */
  static BuildDifference between(Manifest existing, Manifest fresh) {
    if (!existing.layout().equals(fresh.layout())) {
      return new BuildDifference("layout", existing.layout(), fresh.layout());
    }
    if (!existing.tokenizer().sha256().equals(fresh.tokenizer().sha256())) {
      return new BuildDifference(
          "tokenizer", existing.tokenizer().path(), fresh.tokenizer().path());
    }
    // Before the data: the data's fingerprint samples sequences through the maps, so other maps
    // change it too.
    // The same maps by content: a PolyPythias seed's maps are not another seed's, wherever they
    // lie.
    boolean sameOrder =
        existing.order() == null
            ? fresh.order() == null
            : existing.order().sameOrder(fresh.order());
    if (!sameOrder) {
      return new BuildDifference("order", describe(existing.order()), describe(fresh.order()));
    }
    if (!existing.data().fingerprint().equals(fresh.data().fingerprint())) {
      return new BuildDifference("data", existing.data().path(), fresh.data().path());
    }
    if (!existing.views().equals(fresh.views())) {
      return new BuildDifference("views", existing.views(), fresh.views());
    }
    if (!existing.shardSchedule().equals(fresh.shardSchedule())) {
      return new BuildDifference("shard schedule", existing.shardSchedule(), fresh.shardSchedule());
    }
    // Resolved specs: swap-pronouns@pct:7 and the step it resolves to are the same intervention.
    if (!Objects.equals(existing.intervention(), fresh.intervention())) {
      return new BuildDifference(
          "intervention", orNone(existing.intervention()), orNone(fresh.intervention()));
    }
    return null;
  }

  /** The refusal to extend the index at {@code dir} with the other build, in one line. */
  StepIndexException refusal(Path dir) {
    return new StepIndexException(
        "the index at "
            + dir
            + " was built with "
            + what
            + " "
            + was
            + ", not "
            + now
            + "; use the same "
            + what
            + " or a new --index directory (the index was left unchanged)");
  }

  /** The difference as {@code views [text], not [text, tokens]}. */
  String describe() {
    return what + " " + was + ", not " + now;
  }

  private static String describe(RecordedOrder order) {
    return order == null ? "pre-shuffled" : order.summary();
  }

  private static String orNone(String intervention) {
    return intervention == null ? "none" : intervention;
  }
}
