package org.stepindex.bench.serve;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives a server with {@code clients} concurrent clients, each a thread with its own keep-alive
 * HTTP/1.1 connection (the JDK's {@link HttpClient}) sending GET requests back to back, until
 * {@code maxRequests} were sent in all or {@code maxSeconds} passed. Every answer must be a 200
 * with a non-empty body, else it counts as an error.
 */
public final class LoadGenerator {
  /**
   * What one load run measured.
   *
   * @param clients concurrent clients
   * @param requests requests answered (successfully or not)
   * @param errors requests that failed (not 200, or no answer)
   * @param seconds wall time of the run
   * @param perSecond requests per second
   * @param p50Micros median latency in microseconds
   * @param p99Micros 99th percentile latency in microseconds
   * @param firstError the first error seen, or null
   */
  public record Report(
      int clients,
      long requests,
      long errors,
      double seconds,
      double perSecond,
      double p50Micros,
      double p99Micros,
      String firstError) {}

  /** One client's latencies, in nanoseconds. */
  private static final class Latencies {
    final long[] nanos;
    int n;

    Latencies(long capacity) {
      nanos = new long[(int) Math.min(capacity, Integer.MAX_VALUE - 8)];
    }
  }

  private LoadGenerator() {}

  /**
   * Runs the load; {@code paths} (e.g. {@code /count?q=the&step=512}) are sent round-robin from a
   * per-client offset.
   */
  public static Report run(
      URI base, List<String> paths, int clients, long maxRequests, double maxSeconds) {
    List<URI> uris = paths.stream().map(base::resolve).toList();
    AtomicLong budget = new AtomicLong(maxRequests);
    AtomicLong errors = new AtomicLong();
    long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
    List<Latencies> latencies = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    String[] firstError = new String[1];
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      Latencies mine = new Latencies(maxRequests);
      latencies.add(mine);
      int offset = c * 7919;
      Thread thread =
          Thread.ofPlatform()
              .name("bench-serve-client-" + c)
              .start(
                  () -> {
                    try (HttpClient http =
                        HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(10))
                            .build()) {
                      while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                        HttpRequest request =
                            HttpRequest.newBuilder(
                                    uris.get(Math.floorMod(offset + mine.n, uris.size())))
                                .build();
                        long t0 = System.nanoTime();
                        String failure = null;
                        try {
                          HttpResponse<byte[]> response =
                              http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                          if (response.statusCode() != 200 || response.body().length == 0) {
                            failure =
                                "HTTP "
                                    + response.statusCode()
                                    + ": "
                                    + new String(response.body()).strip();
                          }
                        } catch (IOException e) {
                          failure = e.toString();
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                          return;
                        }
                        mine.nanos[mine.n++] = System.nanoTime() - t0;
                        if (failure != null) {
                          errors.incrementAndGet();
                          synchronized (firstError) {
                            if (firstError[0] == null) {
                              firstError[0] = failure;
                            }
                          }
                        }
                      }
                    }
                  });
      threads.add(thread);
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int total = 0;
    for (Latencies l : latencies) {
      total += l.n;
    }
    long[] all = new long[total];
    int i = 0;
    for (Latencies l : latencies) {
      System.arraycopy(l.nanos, 0, all, i, l.n);
      i += l.n;
    }
    Arrays.sort(all);
    return new Report(
        clients,
        total,
        errors.get(),
        seconds,
        total / seconds,
        micros(all, 0.50),
        micros(all, 0.99),
        firstError[0]);
  }

  private static double micros(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e3;
  }
}
