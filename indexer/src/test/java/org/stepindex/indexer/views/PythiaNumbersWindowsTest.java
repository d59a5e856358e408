package org.stepindex.indexer.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PythiaNumbers#windows}: on random text, the windows' keys in order are exactly {@link
 * PythiaNumbers#terms}, and each window lies where its keys are, so {@code find --view
 * pythia-numbers} shows what was counted.
 */
class PythiaNumbersWindowsTest {
  @Test
  void windowsHoldTheTermsInTheirOrderAndLieWhereTheirNumbersAre() {
    RandomText random = new RandomText(17);
    int windows = 0;
    for (int i = 0; i < 2000; i++) {
      String line = PythiaNumbers.line(random.text(12));
      List<String> terms = new ArrayList<>();
      for (PythiaNumbers.Window window : PythiaNumbers.windows(line)) {
        terms.addAll(window.terms());
        assertFalse(window.terms().isEmpty(), line);
        String text = line.substring(window.start(), window.end());
        assertTrue(
            text.startsWith(" "),
            "a window starts with its space: '" + text + "' of '" + line + "'");
        String first = window.terms().getFirst();
        String number = first.contains("-") ? first.substring(0, first.indexOf('-')) : first;
        assertTrue(
            text.replaceAll("\\D+", " ").contains(number.substring(0, 1)),
            text + " holds " + first);
        windows++;
      }
      assertEquals(PythiaNumbers.terms(line), terms, line);
    }
    assertTrue(windows > 100, "random text has number windows: " + windows);
  }
}
