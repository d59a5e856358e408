package org.stepindex.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Shots: never the measured x1, inside the ranges, distinct, reproducible by seed, nested across k.
 */
class ArithmeticShotsTest {
  private static final Pattern SHOT =
      Pattern.compile("Q:What is (\\d+) (plus|times) (\\d+)\\? A:(\\d+)\n\n");

  private static ArithmeticTask task(long seed, List<Integer> ks) {
    return new ArithmeticTask(
        new ArithmeticOptions(
            List.of(Operation.PLUS, Operation.TIMES),
            new IntRange(0, 20),
            new IntRange(1, 6),
            ks,
            ArithmeticTemplate.PYTHIA,
            seed,
            16));
  }

  /** The (x1, x2) of each shot in a prompt, checking each shot's answer on the way. */
  private static List<int[]> shots(ArithmeticItem item) {
    List<int[]> out = new ArrayList<>();
    Matcher m = SHOT.matcher(item.prompt());
    int end = 0;
    while (m.find()) {
      assertEquals(end, m.start(), "shots are contiguous from the start");
      int a = Integer.parseInt(m.group(1));
      int b = Integer.parseInt(m.group(3));
      assertEquals(item.op(), m.group(2));
      assertEquals(item.operation().apply(a, b), Long.parseLong(m.group(4)));
      out.add(new int[] {a, b});
      end = m.end();
    }
    assertEquals(
        String.format("Q:What is %d %s %d? A:", item.x1(), item.op(), item.x2()),
        item.prompt().substring(end));
    return out;
  }

  @Test
  void shotsNeverUseTheMeasuredX1AndAreDistinct() {
    ArithmeticTask task = task(7, List.of(16));
    assertEquals(2 * 21 * 6, task.items().size());
    for (ArithmeticItem item : task.items()) {
      List<int[]> shots = shots(item);
      assertEquals(16, shots.size());
      var seen = new HashSet<List<Integer>>();
      for (int[] s : shots) {
        assertNotEquals(item.x1(), s[0], item.prompt());
        assertTrue(s[0] >= 0 && s[0] <= 20 && s[1] >= 1 && s[1] <= 6, item.prompt());
        assertTrue(seen.add(List.of(s[0], s[1])), "repeated shot in " + item.prompt());
      }
    }
  }

  @Test
  void shotsSpreadOverOtherX1() {
    // Over all prompts every other x1 shows up as a shot: the draw is not stuck on a corner of the
    // pool.
    var x1s = new HashSet<Integer>();
    for (ArithmeticItem item : task(7, List.of(4)).items()) {
      shots(item).forEach(s -> x1s.add(s[0]));
    }
    assertEquals(21, x1s.size());
  }

  @Test
  void sameSeedSamePromptsOtherSeedOtherPrompts() {
    List<String> a = task(42, List.of(0, 4)).items().stream().map(ArithmeticItem::prompt).toList();
    List<String> b = task(42, List.of(0, 4)).items().stream().map(ArithmeticItem::prompt).toList();
    List<String> c = task(43, List.of(0, 4)).items().stream().map(ArithmeticItem::prompt).toList();
    assertEquals(a, b);
    assertNotEquals(a, c);
    // Zero-shot prompts do not depend on the seed.
    assertEquals(a.subList(0, a.size() / 2), c.subList(0, c.size() / 2));
  }

  @Test
  void fewerShotsArePrefixOfMoreAndIndependentOfOtherKs() {
    List<ArithmeticItem> two = task(5, List.of(2)).items();
    List<ArithmeticItem> eight = task(5, List.of(8, 2)).items();
    for (int i = 0; i < two.size(); i++) {
      List<int[]> small = shots(two.get(i));
      List<int[]> large = shots(eight.get(i));
      for (int j = 0; j < small.size(); j++) {
        assertEquals(
            List.of(small.get(j)[0], small.get(j)[1]), List.of(large.get(j)[0], large.get(j)[1]));
      }
      // The k=2 items built alongside k=8 are the same as those built alone.
      assertEquals(two.get(i).prompt(), eight.get(two.size() + i).prompt());
    }
  }

  @Test
  void theWholePoolCanBeUsed() {
    // x1 in 0..2, x2 in 1..2: four shots with another x1 exist for each prompt, and k = 4 takes
    // them all.
    var task =
        new ArithmeticTask(
            new ArithmeticOptions(
                List.of(Operation.PLUS),
                new IntRange(0, 2),
                new IntRange(1, 2),
                List.of(4),
                ArithmeticTemplate.PYTHIA,
                1L,
                16));
    for (ArithmeticItem item : task.items()) {
      var got = new HashSet<List<Integer>>();
      shots(item).forEach(s -> got.add(List.of(s[0], s[1])));
      var want = new HashSet<List<Integer>>();
      for (int a = 0; a <= 2; a++) {
        if (a != item.x1()) {
          want.add(List.of(a, 1));
          want.add(List.of(a, 2));
        }
      }
      assertEquals(want, got);
    }
  }
}
