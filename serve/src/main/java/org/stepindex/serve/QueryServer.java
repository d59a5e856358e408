package org.stepindex.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.stepindex.indexer.base.StepIndexException;
import org.stepindex.query.rows.JsonRows;

/**
 * An HTTP/JSON server over an {@link IndexSet}: {@code GET /count}, {@code /timeline}, {@code
 * /cooccur}, {@code /find}, {@code /exposures}, {@code /next}, {@code /stats} and {@code POST
 * /batch} (NDJSON, streamed), each answering exactly what the matching CLI command prints with
 * {@code --format json}; {@code ?index=NAME} picks an index.
 *
 * <p>Errors are one JSON line {@code {"error": "..."}}: 400 for a bad query, step or parameter (the
 * message the CLI prints), 404 for an unknown path or index, 405 for a wrong method, 413 for a body
 * over {@value #MAX_BODY_BYTES} bytes, 500 for a bug (logged as one line, never a stack trace).
 * Each request runs on its own virtual thread; the engine is thread-safe.
 */
public final class QueryServer implements AutoCloseable {
  /** The largest request body read; a larger one is refused with 413. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  /** How much of a body over {@link #MAX_BODY_BYTES} is read and dropped before the 413. */
  private static final long DRAIN_BYTES = 16L << 20;

  static {
    // The JDK server writes headers and body separately; with Nagle's algorithm on, a client's
    // delayed ACK then
    // holds each small response for up to 40 ms. Read once, when the server's configuration class
    // loads.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private record Route(String method, Set<String> params, Handler handler) {}

  @FunctionalInterface
  private interface Handler {
    Reply answer(Params params, byte[] body);
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Route> routes;
  private final Consumer<String> log;

  /** Random per start: names this server in its address files and in the launcher's requests. */
  private final String token;

  /** {@code POST /run}, when the server runs command lines ({@link CommandRunner}); else null. */
  private final RunEndpoint run;

  private final HistoryEndpoints history;

  private QueryServer(
      HttpServer server,
      ExecutorService executor,
      IndexSet indexes,
      Consumer<String> log,
      CommandRunner runner) {
    this.server = server;
    this.executor = executor;
    this.log = log;
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    this.token = HexFormat.of().formatHex(random);
    this.run = runner == null ? null : new RunEndpoint(runner, token);
    Endpoints endpoints = new Endpoints(indexes);
    this.history = new HistoryEndpoints(indexes);
    this.routes =
        Map.of(
            "/count", new Route("GET", Endpoints.COUNT_PARAMS, (p, b) -> endpoints.count(p)),
            "/timeline",
                new Route("GET", Endpoints.TIMELINE_PARAMS, (p, b) -> endpoints.timeline(p)),
            "/cooccur", new Route("GET", Endpoints.COOCCUR_PARAMS, (p, b) -> endpoints.cooccur(p)),
            "/stats", new Route("GET", Endpoints.STATS_PARAMS, (p, b) -> endpoints.stats(p)),
            "/batch", new Route("POST", Endpoints.BATCH_PARAMS, endpoints::batch),
            "/find", new Route("GET", HistoryEndpoints.FIND_PARAMS, (p, b) -> history.find(p)),
            "/exposures",
                new Route("GET", HistoryEndpoints.EXPOSURES_PARAMS, (p, b) -> history.exposures(p)),
            "/next", new Route("GET", HistoryEndpoints.NEXT_PARAMS, (p, b) -> history.next(p)));
  }

  /**
   * Starts serving {@code indexes} on {@code host:port} ({@code port} 0: a free port). {@code log}
   * receives one line per internal error. A host that does not resolve or a port in use is a user
   * error.
   */
  public static QueryServer start(IndexSet indexes, String host, int port, Consumer<String> log) {
    return start(indexes, host, port, log, null);
  }

  /**
   * {@link #start(IndexSet, String, int, Consumer)}, also answering the launcher's {@code POST
   * /run} with {@code runner} (see {@link RunEndpoint}).
   */
  public static QueryServer start(
      IndexSet indexes, String host, int port, Consumer<String> log, CommandRunner runner) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
    } catch (IOException e) {
      throw new StepIndexException(
          "cannot listen on "
              + host
              + ":"
              + port
              + ": "
              + e.getMessage()
              + "; choose another --port (0: any free one)",
          e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    QueryServer qs = new QueryServer(server, executor, indexes, log, runner);
    server.createContext("/", qs::handle);
    server.start();
    return qs;
  }

  /** The address bound (with the actual port when 0 was asked). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** {@code http://HOST:PORT}, as a client would reach the server. */
  public URI url() {
    InetAddress a = address().getAddress();
    String host = a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    return URI.create("http://" + host + ":" + address().getPort());
  }

  /** This start's token, as the address files name it ({@link ServerAddress}). */
  public String token() {
    return token;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    history.close();
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      try {
        String path = exchange.getRequestURI().getPath();
        if (run != null && path.equals(RunEndpoint.PATH)) {
          run.handle(exchange);
          return;
        }
        Route route = routes.get(path);
        if (route == null) {
          throw HttpError.notFound(
              "no endpoint "
                  + path
                  + "; there are /count, /timeline, /cooccur, /find, /exposures, /next, /stats and"
                  + " POST /batch");
        }
        if (!route.method().equals(exchange.getRequestMethod())) {
          exchange.getResponseHeaders().set("Allow", route.method());
          throw new HttpError(
              405, path + " takes " + route.method() + ", not " + exchange.getRequestMethod());
        }
        Params params = Params.parse(path, exchange.getRequestURI().getRawQuery(), route.params());
        byte[] body = route.method().equals("POST") ? readBody(exchange) : new byte[0];
        send(exchange, route.handler().answer(params, body));
      } catch (HttpError e) {
        sendError(exchange, e.status(), e.getMessage());
      } catch (StepIndexException e) {
        sendError(exchange, 400, e.getMessage());
      } catch (UncheckedIOException e) {
        throw e.getCause();
      } catch (RuntimeException e) {
        log.accept(
            "internal error answering "
                + exchange.getRequestMethod()
                + " "
                + exchange.getRequestURI()
                + ": "
                + e
                + " (this is a bug)");
        sendError(exchange, 500, "internal error: " + e + " (this is a bug)");
      }
    } catch (IOException e) {
      // the client went away: nothing to answer
    }
  }

  /**
   * The request's body, at most {@value #MAX_BODY_BYTES} bytes; a larger one is a 413, after what
   * is left of it has been read and dropped (up to {@value #DRAIN_BYTES} bytes): TCP resets a
   * connection closed with input unread, and a client still sending would read the reset instead of
   * the 413.
   */
  static byte[] readBody(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    try (InputStream in = exchange.getRequestBody()) {
      if (length != null
          && length.strip().matches("[0-9]{1,18}")
          && Long.parseLong(length.strip()) > MAX_BODY_BYTES) {
        drain(in);
        throw tooLarge();
      }
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        drain(in);
        throw tooLarge();
      }
      return body;
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] dropped = new byte[64 << 10];
    long left = DRAIN_BYTES;
    for (int n; left > 0 && (n = in.read(dropped, 0, (int) Math.min(dropped.length, left))) > 0; ) {
      left -= n;
    }
  }

  private static HttpError tooLarge() {
    return new HttpError(
        413, "the request body is over " + MAX_BODY_BYTES + " bytes; send fewer queries per batch");
  }

  private void send(HttpExchange exchange, Reply reply) throws IOException {
    switch (reply) {
      case Reply.Body body -> sendBody(exchange, 200, body.json());
      case Reply.Lines lines -> {
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        OutputStream stream = exchange.getResponseBody();
        JsonRows rows = new JsonRows(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
        try {
          lines.rows().accept(rows);
        } catch (StepIndexException e) {
          rows.error(
              e.getMessage()); // the status is sent: the error ends the stream as its last line
        } catch (UncheckedIOException e) {
          throw e.getCause();
        } catch (RuntimeException e) {
          log.accept(
              "internal error streaming "
                  + exchange.getRequestURI()
                  + ": "
                  + e
                  + " (this is a bug)");
          rows.error("internal error: " + e + " (this is a bug)");
        }
        rows.flush();
        stream.close();
      }
    }
  }

  private static void sendError(HttpExchange exchange, int status, String message)
      throws IOException {
    if (exchange.getResponseCode() != -1) {
      return; // headers already sent
    }
    StringWriter out = new StringWriter();
    JsonRows rows = new JsonRows(out);
    rows.error(message == null ? "error" : message.lines().findFirst().orElse(""));
    rows.flush();
    sendBody(exchange, status, out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void sendBody(HttpExchange exchange, int status, byte[] json) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, json.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(json);
    }
  }
}
