/**
 * {@code stepindex serve}: one HTTP/JSON layer over the same query engine and the same row
 * rendering the command line uses ({@link org.stepindex.query.rows}), so a notebook gets exactly
 * what the CLI prints without paying a JVM start per query.
 *
 * <p>Built on the JDK's own {@code com.sun.net.httpserver} with a virtual thread per request: no
 * dependency, a small, well-kept HTTP/1.1 server that is enough for JSON on loopback. {@link
 * org.stepindex.serve.QueryServer} routes and maps errors; {@link org.stepindex.serve.Endpoints}
 * turns parameters into answers, and {@link org.stepindex.serve.HistoryEndpoints} does so for
 * {@code find}, {@code exposures} and {@code next}.
 */
package org.stepindex.serve;
