package org.stepindex.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code POST /run}: the launcher's warm path. The body is NUL-terminated fields: the server's
 * start token, the caller's working directory, its {@code LC_ALL}, {@code LC_CTYPE}, {@code
 * LC_MESSAGES} and {@code LANG}, then the command line, as the launcher's {@code printf '%s\0'}
 * writes them. The answer is 200 with the command's stdout as the body, its exit status in {@value
 * #EXIT_HEADER} and its stderr in {@value #STDERR_HEADER}, every byte outside printable ASCII (and
 * the backslash) written {@code \xHH}, which bash's {@code printf '%b'} turns back into the same
 * bytes; 409 (no body) when the run cannot be answered exactly as a process of the caller's own
 * would answer it, so that the launcher starts one; 410 when the token is not this server's (the
 * address the caller read is stale); 403 for a caller not on this machine's loopback.
 *
 * <p>Exactly means: the same locale (which decides the JVM's charsets for the command line and for
 * stdout and stderr, and its default locale), arguments that decode to the same strings, and, for
 * the runner to check, the same index and files. Output is held until the command ends, since the
 * status comes first; a run whose output is too large to hold ({@value #MAX_STDOUT} bytes on
 * stdout, {@value #MAX_STDERR} on stderr) is left to the caller, which runs the same read-only
 * command itself.
 */
final class RunEndpoint {
  /** The path. */
  static final String PATH = "/run";

  static final String EXIT_HEADER = "X-Stepindex-Exit";
  static final String STDERR_HEADER = "X-Stepindex-Stderr";

  /** The most stdout held for one run. */
  static final int MAX_STDOUT = 64 << 20;

  /**
   * The most stderr carried in one header (escaped, at most four times as long: within curl's 100
   * KiB per line).
   */
  static final int MAX_STDERR = 16 << 10;

  private static final int FIXED_FIELDS = 6;
  private static final String[] LOCALE_VARIABLES = {"LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LANG"};

  private final CommandRunner runner;
  private final String token;

  RunEndpoint(CommandRunner runner, String token) {
    this.runner = runner;
    this.token = token;
  }

  void handle(HttpExchange exchange) throws IOException {
    if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
      send(exchange, 403, null);
      return;
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST");
      send(exchange, 405, null);
      return;
    }
    byte[] body;
    try {
      body = QueryServer.readBody(exchange);
    } catch (HttpError e) {
      send(exchange, e.status(), null);
      return;
    }
    List<byte[]> fields = fields(body);
    if (fields.size() < FIXED_FIELDS + 1
        || !new String(fields.get(0), StandardCharsets.US_ASCII).equals(token)) {
      send(exchange, 410, null);
      return;
    }
    CommandRunner.Outcome outcome = run(fields);
    if (outcome == null
        || outcome.stdout().length > MAX_STDOUT
        || outcome.stderr().length > MAX_STDERR) {
      send(exchange, 409, null);
      return;
    }
    exchange.getResponseHeaders().set(EXIT_HEADER, Integer.toString(outcome.exit()));
    if (outcome.stderr().length > 0) {
      exchange.getResponseHeaders().set(STDERR_HEADER, escape(outcome.stderr()));
    }
    send(exchange, 200, outcome.stdout());
  }

  /**
   * The outcome of the command line in {@code fields}, or null when it cannot be run exactly as the
   * caller's own.
   */
  private CommandRunner.Outcome run(List<byte[]> fields) {
    Charset jnu = commandLineCharset();
    for (int i = 0; i < LOCALE_VARIABLES.length; i++) {
      String theirs = decode(fields.get(2 + i), jnu);
      if (theirs == null
          || !theirs.equals(Objects.requireNonNullElse(System.getenv(LOCALE_VARIABLES[i]), ""))) {
        return null; // another locale: other charsets, another default locale
      }
    }
    List<String> args = new ArrayList<>();
    for (byte[] field : fields.subList(FIXED_FIELDS, fields.size())) {
      String arg = decode(field, jnu);
      if (arg == null) {
        return null;
      }
      args.add(arg);
    }
    String cwd = decode(fields.get(1), jnu);
    try {
      return cwd == null || cwd.isEmpty()
          ? null
          : runner.run(new CommandRunner.Invocation(args, Path.of(cwd)));
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /**
   * The NUL-terminated fields of the body (a last field without its NUL is dropped: a cut request).
   */
  private static List<byte[]> fields(byte[] body) {
    List<byte[]> fields = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < body.length; i++) {
      if (body[i] == 0) {
        byte[] field = new byte[i - start];
        System.arraycopy(body, start, field, 0, field.length);
        fields.add(field);
        start = i + 1;
      }
    }
    return fields;
  }

  /**
   * The charset this JVM decodes its own command line with (as a JVM started in the same locale
   * would).
   */
  private static Charset commandLineCharset() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (RuntimeException e) {
      return StandardCharsets.US_ASCII;
    }
  }

  /**
   * The argument as a JVM would see it, or null where that is not certain: bytes that are not valid
   * UTF-8 under a UTF-8 locale, and anything but ASCII under another (how a JVM replaces what it
   * cannot decode is its own).
   */
  private static String decode(byte[] bytes, Charset charset) {
    Charset exact = charset.equals(StandardCharsets.UTF_8) ? charset : StandardCharsets.US_ASCII;
    try {
      return exact
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Printable ASCII but the backslash as is; every other byte as {@code \xHH}, for bash's {@code
   * printf '%b'}.
   */
  static String escape(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c > 0x20 && c < 0x7f && c != '\\') {
        out.append((char) c);
      } else {
        out.append("\\x")
            .append(Character.forDigit(c >> 4, 16))
            .append(Character.forDigit(c & 0xf, 16));
      }
    }
    return out.toString();
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    if (body == null || body.length == 0) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
