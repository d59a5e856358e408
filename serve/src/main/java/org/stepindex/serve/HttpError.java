package org.stepindex.serve;

/**
 * A request the server refuses, with its HTTP status and a one-line message sent as {@code
 * {"error": ...}}.
 */
final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** 400: a bad parameter. */
  static HttpError badRequest(String message) {
    return new HttpError(400, message);
  }

  /** 404: no such path or index. */
  static HttpError notFound(String message) {
    return new HttpError(404, message);
  }

  int status() {
    return status;
  }
}
