package org.stepindex.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stepindex.indexer.entities.QaEntityFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stepindex qa-entities}: a QA entity file into the entities view's entity and pair files.
 */
@Command(
    name = "qa-entities",
    mixinStandardHelpOptions = true,
    description = {
      "Turn a QA entity file (JSONL, one question a line: {\"id\": qid, \"question_entities\": [{\"id\": \"Q90\","
          + " \"names\": [\"Paris\", ...]}], \"answer_entities\": [...]}) into the files of an entities view:"
          + " entities.jsonl (every entity by id, its names merged across questions) and entity-pairs.tsv (one"
          + " declared pair per question).",
      "A question with one question entity and one answer entity is the pair of their ids; any other gets two"
          + " entities of its own, ID#question and ID#answer, holding all names of each side, so a pair's count is"
          + " always the sequences holding some question entity and some answer entity (Kandpal et al.'s relevant"
          + " documents).",
    },
    footer = {
      "",
      "Example:",
      "  stepindex qa-entities --qa triviaqa-entities.jsonl --out qa/",
      "  stepindex index --index pile.idx --add-view entities --entities qa/entities.jsonl"
          + " --entity-pairs qa/entity-pairs.tsv",
      "  stepindex correlate triviaqa --index pile.idx --eval results/ --qa-entities triviaqa-entities.jsonl --out corr/",
    })
final class QaEntitiesCommand implements Callable<Integer> {
  @Option(
      names = "--qa",
      required = true,
      paramLabel = "FILE",
      description = "The QA entity file (JSONL).")
  Path qa;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Where to write the two files.")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    List<QaEntityFile.Item> items = QaEntityFile.read(qa);
    List<Path> written = QaEntityFile.write(items, out);
    PrintWriter w = spec.commandLine().getOut();
    w.printf(
        Locale.ROOT,
        "%,d questions: wrote %s and %s%n",
        items.size(),
        written.get(0),
        written.get(1));
    return 0;
  }
}
