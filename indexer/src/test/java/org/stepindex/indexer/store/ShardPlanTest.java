package org.stepindex.indexer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link ShardPlan}: largest first, and parts that divide a plan among tasks without overlap or gap. */
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

  @Test
  void partsAreDisjointCoverThePlanAndAreBalanced() {
    List<ShardInfo> shards = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      shards.add(shard(i, i + 1, 1000 - 37L * i));
    }
    ShardPlan plan = ShardPlan.largestFirst(shards);
    long largest = plan.shards().getFirst().tokens();
    for (int tasks = 1; tasks <= 30; tasks++) {
      Set<ShardInfo> seen = new HashSet<>();
      long minTokens = Long.MAX_VALUE;
      long maxTokens = 0;
      int minSize = Integer.MAX_VALUE;
      int maxSize = 0;
      for (int task = 0; task < tasks; task++) {
        ShardPlan part = plan.part(task, tasks);
        for (ShardInfo shard : part.shards()) {
          assertTrue(seen.add(shard), shard + " is in two parts of " + tasks);
        }
        // A part keeps the plan's order.
        List<ShardInfo> inOrder = new ArrayList<>(part.shards());
        inOrder.sort((x, y) -> Integer.compare(plan.shards().indexOf(x), plan.shards().indexOf(y)));
        assertEquals(inOrder, part.shards());
        minTokens = Math.min(minTokens, part.tokens());
        maxTokens = Math.max(maxTokens, part.tokens());
        minSize = Math.min(minSize, part.size());
        maxSize = Math.max(maxSize, part.size());
      }
      assertEquals(Set.copyOf(shards), seen, "the parts of " + tasks + " cover the plan");
      assertTrue(maxSize - minSize <= 1, tasks + " tasks: " + minSize + " to " + maxSize + " shards");
      assertTrue(maxTokens - minTokens <= largest, tasks + " tasks: " + minTokens + " to " + maxTokens + " tokens");
    }
  }

  @Test
  void aTaskOutsideTheTasksIsRefused() {
    ShardPlan plan = ShardPlan.largestFirst(List.of(shard(0, 1, 1)));
    assertThrows(IllegalArgumentException.class, () -> plan.part(2, 2));
    assertThrows(IllegalArgumentException.class, () -> plan.part(-1, 2));
    assertThrows(IllegalArgumentException.class, () -> plan.part(0, 0));
  }
}
