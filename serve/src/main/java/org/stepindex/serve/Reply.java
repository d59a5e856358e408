package org.stepindex.serve;

import java.util.function.Consumer;
import org.stepindex.query.rows.JsonRows;

/** What an endpoint answers: one JSON body, or JSON lines streamed as they are computed. */
sealed interface Reply {
  /** A whole JSON body (ending with a line end, as the CLI prints it). */
  record Body(byte[] json) implements Reply {}

  /** NDJSON rows, written (and flushed as the buffer fills) while the response is sent. */
  record Lines(Consumer<JsonRows> rows) implements Reply {}
}
