package org.stepindex.indexer.base;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * The one JSON mapper of stepindex, configured once and shared by every module: Jackson's defaults
 * (properties in declaration order, compact output), except that binding JSON to a type ignores
 * properties the type does not have, so a file written by a later stepindex, with fields added, is
 * still read. Pretty output ({@link #pretty}) is Jackson's default printer, for files people read
 * (the manifest, summaries, configs, tokenizers).
 *
 * <p>A mapper is safe to share between threads once configured; nothing may configure these further
 * (use a writer or reader of them for a variant). The streaming JSON lines of query answers are
 * written by their own generator factory ({@code JsonRows}), which needs no mapper.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

  private Json() {}

  /** The shared mapper: reads trees and values, writes compact JSON, makes nodes. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The shared mapper's pretty-printing writer. */
  public static ObjectWriter pretty() {
    return PRETTY;
  }

  /**
   * The shared mapper with properties named in snake_case ({@code firstLossStep} as {@code
   * first_loss_step}), for files spelled that way (a checkpoint's {@code trainer-state.json}).
   */
  public static ObjectMapper snakeCase() {
    return SnakeCase.MAPPER;
  }

  /** Made on first use: copying the mapper is a cost every short command would pay for nothing. */
  private static final class SnakeCase {
    static final ObjectMapper MAPPER =
        Json.MAPPER.copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  }
}
