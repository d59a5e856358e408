package org.stepindex.eval.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.StepIndexException;

/** Reading the official TriviaQA JSON and JSON Lines, and the one-line errors for broken files. */
class TriviaQaReaderTest {
  @TempDir Path tmp;

  static Path resource(String name) {
    try {
      return Path.of(TriviaQaReaderTest.class.getResource("/tasks/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void readsOfficialJson() throws IOException {
    List<TriviaQuestion> qs = TriviaQaReader.read(resource("triviaqa-official.json"));
    assertEquals(3, qs.size());
    assertEquals(
        new TriviaQuestion(
            "tc_1",
            "Which planet is known as the Red Planet?",
            "Mars",
            List.of("Mars", "Red Planet", "Planet Mars"),
            List.of("mars", "red planet", "planet mars")),
        qs.get(0));
    assertEquals(
        new TriviaQuestion(
            "tc_2",
            "Which American-born Sinclair won the Nobel Prize for Literature in 1930?",
            "Sinclair Lewis",
            List.of("Sinclair Lewis", "Harry Sinclair Lewis"),
            List.of()),
        qs.get(1));
    assertEquals("tc_3", qs.get(2).id());
    assertEquals(
        List.of("Mars", "Red Planet", "Planet Mars", "mars", "red planet", "planet mars"),
        qs.get(0).answers());
  }

  @Test
  void readsJsonLinesWithOfficialOrHuggingFaceNames() throws IOException {
    List<TriviaQuestion> qs = TriviaQaReader.read(resource("triviaqa.jsonl"));
    assertEquals(List.of("q_a", "q_b", "q_c"), qs.stream().map(TriviaQuestion::id).toList());
    assertEquals(
        new TriviaQuestion(
            "q_b",
            "In which country is the Taj Mahal?",
            "India",
            List.of("India", "Republic of India"),
            List.of("india", "republic of india")),
        qs.get(1));
    assertEquals(List.of("Four", "4"), qs.get(2).answers());
  }

  @Test
  void officialJsonOnOneLineAndJsonLinesInADotJsonFile() throws IOException {
    Path official =
        write(
            "one-line.json",
            "{\"Version\":1.0,\"Data\":[{\"Question\":\"Q1\",\"QuestionId\":\"a\",\"Answer\":{\"Value\":\"x\"}}]}");
    assertEquals(
        List.of("a"), TriviaQaReader.read(official).stream().map(TriviaQuestion::id).toList());
    Path lines =
        write(
            "export.json",
            """
        {"question":"Q1","question_id":"a","answer":{"value":"x","aliases":[]}}
        {"question":"Q2","question_id":"b","answer":{"value":"y","aliases":["z"]}}
        """);
    assertEquals(
        List.of("a", "b"), TriviaQaReader.read(lines).stream().map(TriviaQuestion::id).toList());
  }

  @Test
  void missingFieldsNameFileAndLine() throws IOException {
    Path f =
        write(
            "bad.jsonl",
            """
        {"Question":"Q1","QuestionId":"a","Answer":{"Value":"x"}}
        {"QuestionId":"b","Answer":{"Value":"y"}}
        """);
    assertError(f + ":2: missing field 'Question'", f);
    Path g =
        write(
            "bad2.jsonl",
            """
        {"Question":"Q1","QuestionId":"a","Answer":{"Aliases":["x"]}}
        """);
    assertError(g + ":1: missing field 'Value'", g);
    Path h = write("bad3.jsonl", "{\"Question\":\"Q1\",\"Answer\":{\"Value\":\"x\"}}\n");
    assertError(h + ":1: missing field 'QuestionId'", h);
    Path i = write("bad4.jsonl", "{\"Question\":\"Q1\",\"QuestionId\":\"a\"}\n");
    assertError(i + ":1: missing field 'Answer'", i);
  }

  @Test
  void missingFieldInOfficialJsonNamesTheDataIndex() throws IOException {
    Path f =
        write(
            "bad.json",
            """
        {"Data": [
          {"Question":"Q1","QuestionId":"a","Answer":{"Value":"x"}},
          {"Question":"Q2","Answer":{"Value":"y"}}
        ]}
        """);
    assertError(f + ": Data[1]: missing field 'QuestionId'", f);
  }

  @Test
  void wrongTypes() throws IOException {
    Path f =
        write(
            "t.jsonl",
            "{\"Question\":\"Q\",\"QuestionId\":\"a\",\"Answer\":{\"Value\":\"x\",\"Aliases\":\"x\"}}\n");
    assertError(f + ":1: field 'Aliases' must be a list of strings", f);
    Path g = write("t2.json", "{\"Data\": {}}");
    assertError(g + ":1: field 'Data' must be a list of questions", g);
    Path h = write("t3.jsonl", "[1, 2]\n");
    assertError(h + ":1: expected a JSON object with a TriviaQA question", h);
  }

  @Test
  void invalidJsonAndEmptyAndMissingFiles() throws IOException {
    Path f =
        write(
            "broken.jsonl",
            "{\"Question\":\"Q\",\"QuestionId\":\"a\",\"Answer\":{\"Value\":\"x\"}}\n{\"Question\": \n");
    StepIndexException e = assertThrows(StepIndexException.class, () -> TriviaQaReader.read(f));
    assertEquals(true, e.getMessage().startsWith(f + ":"), e.getMessage());
    assertEquals(true, e.getMessage().contains("not valid JSON"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    Path empty = write("empty.jsonl", "\n\n");
    assertError("no TriviaQA questions in " + empty, empty);
    Path none = tmp.resolve("none.json");
    assertError("TriviaQA file not found: " + none, none);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text);
  }

  private static void assertError(String message, Path file) {
    StepIndexException e = assertThrows(StepIndexException.class, () -> TriviaQaReader.read(file));
    assertEquals(message, e.getMessage());
  }
}
