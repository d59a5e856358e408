package org.stepindex.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.stepindex.eval.model.ModelSession;
import org.stepindex.eval.model.TokenScores;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stepindex score}: per-token log-probabilities of texts under a checkpoint. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Print the log-probability of every token of each TEXT and their total, the first token conditioned on"
          + " <|endoftext|> as lm-evaluation-harness does for an empty context. This is the scorer that"
          + " multiple-choice and bias evaluations use, and a window into the model.",
    },
    footer = {
      "",
      "Example:",
      "  stepindex score --model pythia-70m/step143000 'The capital of France is Paris'"
    })
final class ScoreCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = Json.mapper();

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "A Hugging Face GPT-NeoX checkpoint directory.")
  Path model;

  @Mixin ModelOptions modelOptions;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table or json (one object per text). Default: ${DEFAULT-VALUE}.")
  String format;

  @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Texts to score.")
  List<String> texts;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("table") && !format.equals("json")) {
      throw new StepIndexException("--format must be table or json, got " + format);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (ModelSession session = modelOptions.open(model)) {
      for (String text : texts) {
        TokenScores scores = session.scorer().score(text);
        if (format.equals("json")) {
          ObjectNode node = JSON.createObjectNode();
          node.put("text", text);
          ArrayNode tokens = node.putArray("tokens");
          ArrayNode logprobs = node.putArray("logprobs");
          for (int i = 0; i < scores.tokens().length; i++) {
            tokens.add(scores.tokens()[i]);
            logprobs.add(scores.logprobs()[i]);
          }
          node.put("total", scores.total());
          out.println(JSON.writeValueAsString(node));
        } else {
          out.printf(Locale.ROOT, "%s%n", text);
          for (int i = 0; i < scores.tokens().length; i++) {
            int id = scores.tokens()[i];
            out.printf(
                Locale.ROOT,
                "  %8d  %-20s %10.4f%n",
                id,
                visible(session.tokenizer().decode(new int[] {id}, 0, 1)),
                scores.logprobs()[i]);
          }
          out.printf(
              Locale.ROOT, "  total %.4f over %d tokens%n", scores.total(), scores.tokens().length);
        }
      }
    }
    return 0;
  }

  private static String visible(String token) {
    return "'" + token.replace("\n", "\\n").replace("\t", "\\t") + "'";
  }
}
