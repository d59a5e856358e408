package org.stepindex.indexer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stepindex.indexer.base.Json;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.indexer.layout.StepLayout;
import org.stepindex.indexer.order.RecordedOrder;

/**
 * {@link ManifestReader} against Jackson's binding of the same bytes (the reader it replaced): the
 * same records for a manifest with every field set, one with the optional fields left out, and a
 * file of a later stepindex with properties this one does not know.
 */
class ManifestReaderTest {
  @TempDir Path tmp;

  private static Manifest full() {
    return new Manifest(
        Manifest.FORMAT,
        new StepLayout(1024, 2049),
        new Manifest.DataInfo("/data/pile/document", "ab12", 146_432_000L, 300_039_168_000L),
        new Manifest.TokenizerInfo("/data/tokenizer.json", "cd34", 50_277),
        List.of("text", "tokens", "pythia-numbers"),
        "pythia",
        List.of(
            new ShardInfo("steps-000000000-000000001", 0, 1, 0, 1024, 2_098_176),
            new ShardInfo(
                "steps-000000001-000143000", 1, 143_000, 1024, 146_432_000L, 300_037_069_824L)),
        "swap-pronouns@132990",
        List.of(
            new Manifest.AddedView(
                "entities",
                "/data/entities.tsv",
                "ef56",
                null,
                0,
                List.of("steps-000000000-000000001")),
            new Manifest.AddedView("bigrams", null, null, "0a0b", 7, List.of())),
        new RecordedOrder(
            "olmo",
            List.of("/data/part-0.npy", "/data/part-1.npy"),
            "uint32",
            List.of(
                new RecordedOrder.MapFile(
                    "global-indices",
                    "/data/global_indices.npy",
                    8_000_000_000L,
                    "0123abcd",
                    "(1000000000,)",
                    "uint64"))));
  }

  private static Manifest minimal() {
    return new Manifest(
        Manifest.FORMAT,
        new StepLayout(8, 65),
        new Manifest.DataInfo("corpus/document", "ff", 1024, 66_560),
        new Manifest.TokenizerInfo("corpus/tokenizer.json", "ee", 1689),
        List.of("text"),
        "16,32",
        List.of(new ShardInfo("steps-000000000-000000016", 0, 16, 0, 128, 8320)),
        null);
  }

  private static Manifest bound(byte[] json) throws IOException {
    return Json.mapper().readValue(json, Manifest.class);
  }

  @Test
  void readsWhatJacksonBindsWithEveryFieldSet() throws IOException {
    Manifest manifest = full();
    manifest.write(tmp);
    byte[] json = Files.readAllBytes(tmp.resolve(Manifest.FILE_NAME));
    assertEquals(bound(json), Manifest.parse(json));
    assertEquals(manifest, Manifest.read(tmp));
  }

  @Test
  void readsWhatJacksonBindsWithTheOptionalFieldsLeftOut() throws IOException {
    Manifest manifest = minimal();
    byte[] json = manifest.toJson().getBytes(StandardCharsets.UTF_8);
    String text = new String(json, StandardCharsets.UTF_8);
    assertTrue(!text.contains("order") && !text.contains("addedViews"), text);
    assertEquals(bound(json), Manifest.parse(json));
    assertEquals(manifest, Manifest.parse(json));
  }

  @Test
  void ignoresPropertiesALaterStepindexAddsAsJacksonDoes() throws IOException {
    String json =
        minimal()
            .toJson()
            .replace(
                "\"views\"",
                "\"future\" : {\"a\" : [1, 2.5, true, null, {\"b\" : \"c\"}]}, \"views\"")
            .replace("\"tokens\" : 8320", "\"tokens\" : 8320, \"checksum\" : \"x\"");
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    assertEquals(bound(bytes), Manifest.parse(bytes));
    assertEquals(minimal(), Manifest.parse(bytes));
  }

  @Test
  void aFileThatIsNoManifestIsOneLineNamingIt() throws IOException {
    Path manifest = tmp.resolve(Manifest.FILE_NAME);
    for (String broken :
        List.of(
            "",
            "{\"format\" : \"stepindex-1\", \"views\" : [",
            "[1, 2]",
            "{\"format\" : \"stepindex-1\", \"layout\" : {\"batchSize\" : \"eight\"}}",
            "{\"format\" : \"stepindex-1\", \"layout\" : {\"batchSize\" : 4294967296}}",
            "{\"format\" : \"stepindex-1\", \"layout\" : {\"batchSize\" : 0}}",
            "{\"format\" : \"stepindex-1\"}")) {
      Files.writeString(manifest, broken);
      StepIndexException e = assertThrows(StepIndexException.class, () -> Manifest.read(tmp));
      assertTrue(e.getMessage().startsWith("cannot read " + manifest + ": "), e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
  }
}
