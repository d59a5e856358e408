package org.stepindex.indexer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ShardPlan}: largest first, and parts that divide a plan among tasks without overlap or
 * gap.
 */
class ShardPlanTest {

  private static ShardInfo shard(long first, long end, long tokens) {
    return new ShardInfo(ShardInfo.nameFor(first, end), first, end, first * 4, end * 4, tokens);
  }

  @Test
  void startsTheLargestShardsFirstAndKeepsStepOrderAmongEquals() {
    ShardInfo a = shard(0, 1, 10);
    ShardInfo b = shard(1, 3, 30);
    ShardInfo c = shard(3, 4, 10);
    ShardInfo d = shard(4, 8, 50);
    ShardPlan plan = ShardPlan.largestFirst(List.of(a, b, c, d));
    assertEquals(List.of(d, b, a, c), plan.shards());
    assertEquals(4, plan.size());
    assertEquals(100, plan.tokens());
    assertEquals(32, plan.sequences());
    assertTrue(ShardPlan.largestFirst(List.of()).isEmpty());
  }
}
