package org.stepindex.eval.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The entity heuristic on hand-made questions, and the query text built from its output. */
class EntityHeuristicTest {
  private static List<String> entities(String question, String... answers) {
    return EntityHeuristic.entities(question, List.of(answers));
  }

  @Test
  void quotedSpansAndCapitalizedRuns() {
    assertEquals(
        List.of("War and Peace"),
        entities("Who wrote the novel \"War and Peace\"?", "Leo Tolstoy"));
    assertEquals(List.of("Hey Jude"), entities("Who sang “Hey Jude”?", "The Beatles"));
    assertEquals(
        List.of("US President", "Honolulu", "Hawaii"),
        entities("Which US President was born in Honolulu, Hawaii?", "Barack Obama", "Obama"));
    assertEquals(
        List.of("Beatles", "Abbey Road"),
        entities("The Beatles recorded Abbey Road in which city?"));
  }

  @Test
  void sentenceInitialStopWordsOnlyAtSentenceStarts() {
    assertEquals(
        List.of("Einstein", "Ulm"), entities("Einstein was born in Ulm. Which physicist is he?"));
    // "The" inside a sentence is part of the name.
    assertEquals(List.of("The Hague"), entities("Which court sits in The Hague?"));
    assertEquals(List.of(), entities("what is this?"));
  }

  @Test
  void answersPossessivesAndDuplicatesAreRemoved() {
    assertEquals(List.of("France"), entities("Is Paris the capital of France?", "paris"));
    assertEquals(
        List.of("Obama"), entities("What is Obama's middle name? Obama was president.", "Hussein"));
    assertEquals(List.of("Rome", "Italy"), entities("Is Rome (Italy) older than rome?"));
  }

  @Test
  void queriesQuoteAndEscapePhrases() {
    assertEquals("\"say \\\"hi\\\" \\\\ ok\"", PhraseQueries.quote("say \"hi\" \\ ok"));
    assertEquals("\"a b\" OR \"c\"", PhraseQueries.anyOf(List.of("a b", "!!", "c", "a b")));
    assertEquals("", PhraseQueries.anyOf(List.of("?", " ")));
  }

  @Test
  void logBins() {
    // trivia_qa_term_freq.py: pd.cut(count, logspace(0, 6, 7)) is right-closed; outside → NaN →
    // fillna(1): bin 0
    assertEquals(0, LogBins.of(0));
    assertEquals(0, LogBins.of(1));
    assertEquals(0, LogBins.of(2));
    assertEquals(0, LogBins.of(10));
    assertEquals(1, LogBins.of(11));
    assertEquals(1, LogBins.of(100));
    assertEquals(2, LogBins.of(101));
    assertEquals(5, LogBins.of(999_999));
    assertEquals(5, LogBins.of(1_000_000));
    assertEquals(0, LogBins.of(1_000_001));
    assertEquals(0, LogBins.of(5_000_000_000L));
    assertEquals("(1,10] or outside", LogBins.label(0));
    assertEquals("(100,1000]", LogBins.label(2));
    assertEquals("(100000,1000000]", LogBins.label(5));
    assertEquals(Math.sqrt(10), LogBins.plotX(0), 1e-12);
    assertEquals(1000 * Math.sqrt(10), LogBins.plotX(3), 1e-9);
  }
}
